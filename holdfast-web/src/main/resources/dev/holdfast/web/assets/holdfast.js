/*
 * Holdfast dashboard and report: draws the JSON of /api/v1 with ECharts. No build step and no network but
 * the dashboard's own API; in the self-contained report the same JSON is embedded in the page.
 *
 * The page's boot element (#hf-boot) holds the language, the page's name, every text of the web bundle and,
 * in the report, the data. Text is always put into the page as text, never as HTML.
 */
(function () {
  'use strict';

  const boot = JSON.parse(document.getElementById('hf-boot').textContent);
  const lang = boot.lang;
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  const isReport = boot.mode === 'report';
  const HF = (window.HF = { boot: boot, charts: [], ready: false, failures: [] });

  // ---------------------------------------------------------------- text and numbers

  /** The text for key with {0}, {1} … filled in, as java.text.MessageFormat does for plain arguments. */
  function t(key, ...args) {
    const pattern = boot.text[key];
    if (pattern === undefined) {
      HF.failures.push('missing text ' + key);
      return key;
    }
    return pattern.replace(/\{(\d+)\}/g, (all, index) => (args[index] === undefined ? all : String(args[index]))).replace(/''/g, "'");
  }

  function has(key) {
    return boot.text[key] !== undefined;
  }

  const formats = {};
  function format(options) {
    const key = JSON.stringify(options);
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat(locale, options);
    }
    return formats[key];
  }

  function isNumber(value) {
    return typeof value === 'number' && isFinite(value);
  }

  function num(value, digits) {
    if (!isNumber(value)) return '–';
    const d = digits === undefined ? 0 : digits;
    return format({ minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
  }

  /** A percentage given as 0–100. */
  function pct(value, digits) {
    if (!isNumber(value)) return '–';
    const d = digits === undefined ? 1 : digits;
    return format({ style: 'percent', minimumFractionDigits: d, maximumFractionDigits: d }).format(value / 100);
  }

  function currencyCode() {
    return (boot.currency || 'USD').toUpperCase();
  }

  function money(value, currency, digits) {
    if (!isNumber(value)) return '–';
    const d = digits !== undefined ? digits : Math.abs(value) >= 1000 ? 0 : 2;
    try {
      return format({ style: 'currency', currency: currency || currencyCode(), currencyDisplay: 'narrowSymbol', minimumFractionDigits: d, maximumFractionDigits: d }).format(value);
    } catch (e) {
      return num(value, d) + ' ' + (currency || '');
    }
  }

  function compact(value) {
    if (!isNumber(value)) return '';
    return format({ notation: 'compact', maximumFractionDigits: 1 }).format(value);
  }

  function probability(value) {
    return pct(isNumber(value) ? value * 100 : value, 0);
  }

  function signed(text, value) {
    return value > 0 ? '+' + text : value < 0 ? text.replace('-', '−') : text;
  }

  const dateFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const monthFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });

  function date(iso) {
    if (!iso) return '–';
    const day = new Date(iso.length === 10 ? iso + 'T00:00:00Z' : iso);
    return isNaN(day) ? iso : dateFormat.format(day);
  }

  /** A period label of the API (2025-03-14, 2025-W11, 2025-03, 2025-Q1, 2025) as readers of the language write it. */
  function period(label) {
    if (typeof label !== 'string') return '–';
    let match;
    if ((match = /^(\d{4})-(\d{2})$/.exec(label))) {
      return monthFormat.format(new Date(Date.UTC(+match[1], +match[2] - 1, 1)));
    }
    if ((match = /^(\d{4})-Q(\d)$/.exec(label))) return t('period.quarter_label', match[2], match[1]);
    if ((match = /^(\d{4})-W(\d{2})$/.exec(label))) return t('period.week_label', +match[2], match[1]);
    if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return date(label);
    return label;
  }

  /** A metric's value as its unit is shown: count, percent, money or score (NPS). */
  function value(unit, v) {
    switch (unit) {
      case 'percent': return pct(v);
      case 'money': case 'amount': return money(v);
      case 'score': return num(v, 1);
      default: return num(v);
    }
  }

  // ---------------------------------------------------------------- the page

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, attribute] of Object.entries(attributes || {})) {
      if (attribute === null || attribute === undefined || attribute === false) continue;
      if (name === 'class') node.className = attribute;
      else if (name === 'text') node.textContent = attribute;
      else if (name.startsWith('on')) node.addEventListener(name.substring(2), attribute);
      else node.setAttribute(name, attribute === true ? '' : attribute);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function card(title, ...children) {
    return el('section', { class: 'card' }, title ? el('h2', { text: title }) : null, ...children);
  }

  function notice(message, command) {
    return el('div', { class: 'notice' }, message, command ? ' ' : null, command ? el('code', { text: command }) : null);
  }

  function failure(error) {
    HF.failures.push(String(error && error.message ? error.message : error));
    return el('div', { class: 'error', role: 'alert' }, t('error.load'), ' ', String(error && error.message ? error.message : error));
  }

  function table(columns, rows, options) {
    const head = el('tr', null, columns.map((column) => {
      const sortable = options && options.sort && column.sort;
      const th = el('th', {
        class: [column.number ? 'number' : '', sortable ? 'sortable' : '', sortable && options.sort.current === column.sort ? 'sorted' : ''].join(' ').trim() || null,
        'data-sort': sortable ? column.sort : null,
        onclick: sortable ? () => options.sort.change(column.sort) : null,
      }, column.title, sortable && options.sort.current === column.sort ? (options.sort.descending ? ' ↓' : ' ↑') : '');
      return th;
    }));
    const body = el('tbody', null, rows.map((row) => el('tr', null, columns.map((column) => {
      const content = column.cell(row);
      return el('td', { class: column.number ? 'number' : null }, content === null || content === undefined ? '–' : content);
    }))));
    return el('div', { class: 'scroll' }, el('table', { class: 'data' }, el('thead', null, head), body));
  }

  function customerLink(id) {
    return el('a', { href: '/customers/' + encodeURIComponent(id) + '?lang=' + lang, class: 'customer' }, id);
  }

  function customerCell(id) {
    return isReport ? id : customerLink(id);
  }

  /** The dashboard's filters from the address: period, from, to, as_of and segment (repeated). */
  function filters() {
    const search = new URLSearchParams(location.search);
    const kept = new URLSearchParams();
    for (const name of ['period', 'from', 'to', 'as_of', 'segment']) {
      for (const v of search.getAll(name)) if (v) kept.append(name, v);
    }
    return kept;
  }

  async function api(path, params) {
    if (isReport) {
      const data = boot.data[path];
      if (data === undefined) throw new Error('no data for ' + path);
      return data;
    }
    const query = new URLSearchParams(params || filters());
    query.set('lang', lang);
    const response = await fetch('/api/v1/' + path + '?' + query.toString(), { headers: { Accept: 'application/json' } });
    const body = await response.json();
    if (!response.ok) {
      const error = new Error(body.detail || body.title || response.status);
      error.problem = body;
      throw error;
    }
    return body;
  }

  // ---------------------------------------------------------------- charts

  const palette = ['#2458d6', '#1a8a4a', '#c23b2e', '#b7791f', '#7b3fbf', '#11808a', '#d25c9b', '#5c667a'];
  /** The page's fonts by name: ECharts measures text on a canvas, which does not know "inherit" or "system-ui". */
  const fonts = '"Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, sans-serif';

  /** Draws option into a new chart element, named so that tests and people can find it, and returns the ECharts instance. */
  function chart(container, name, option, size) {
    const node = el('div', { class: 'chart' + (size ? ' ' + size : ''), 'data-chart': name });
    container.appendChild(node);
    const instance = echarts.init(node, null, { renderer: 'svg' });
    fitted(node, instance);
    instance.setOption(Object.assign({ animation: false, color: palette, textStyle: { fontFamily: fonts } }, option));
    let points = 0;
    for (const series of [].concat(instance.getOption().series || [])) points += (series.data || []).length;
    node.dataset.points = String(points);
    node.dataset.rendered = 'true';
    HF.charts.push(instance);
    return instance;
  }

  /**
   * Keeps a chart as wide as its element: a chart drawn before its card is placed (in a grid that gets its second
   * card only afterwards, or before the card is attached at all) is redrawn once the layout gives it its size.
   */
  function fitted(node, instance) {
    if (!window.ResizeObserver) return;
    let width = node.clientWidth;
    let height = node.clientHeight;
    new ResizeObserver(() => {
      if (instance.isDisposed() || (node.clientWidth === width && node.clientHeight === height)) return;
      width = node.clientWidth;
      height = node.clientHeight;
      instance.resize();
    }).observe(node);
  }

  window.addEventListener('resize', () => HF.charts.forEach((instance) => instance.resize()));

  function axisMoney(v) {
    return compact(v);
  }

  function sparkline(container, series) {
    const node = el('div', { class: 'spark', 'data-chart': 'sparkline' });
    container.appendChild(node);
    const instance = echarts.init(node, null, { renderer: 'svg' });
    fitted(node, instance);
    instance.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      xAxis: { type: 'category', show: false, data: series.map((_, i) => i) },
      yAxis: { type: 'value', show: false, scale: true },
      series: [{ type: 'line', data: series, showSymbol: false, lineStyle: { width: 1.5, color: '#2458d6' }, areaStyle: { color: 'rgba(36,88,214,.08)' } }],
    });
    node.dataset.points = String(series.filter(isNumber).length);
    node.dataset.rendered = 'true';
    HF.charts.push(instance);
  }

  // ---------------------------------------------------------------- sections shared by the pages and the report

  function metricName(field) {
    return has('metric.' + field) ? t('metric.' + field) : field;
  }

  function kpis(container, metrics) {
    if (!metrics.kpis.length) {
      container.appendChild(notice(t('metrics.none')));
      return;
    }
    const grid = el('div', { class: 'kpis' });
    container.appendChild(grid);
    for (const kpi of metrics.kpis) {
      const box = el('div', { class: 'kpi', 'data-kpi': kpi.field });
      grid.appendChild(box);
      box.appendChild(el('div', { class: 'name', text: metricName(kpi.field) }));
      box.appendChild(el('div', { class: 'value', text: value(kpi.unit, kpi.value) }));
      let delta = t('kpi.no_previous');
      let tone = 'same';
      if (isNumber(kpi.change)) {
        const relative = kpi.unit === 'count' || kpi.unit === 'money';
        // a rate moves in points; a count or money by a percentage of the previous value, or by itself after a zero
        const points = Math.round(kpi.change * 10) / 10 || 0;
        const shown = !relative ? signed(num(points, 1), points) + ' ' + t('unit.points')
          : isNumber(kpi.change_percent) ? signed(pct(kpi.change_percent), kpi.change)
          : signed(value(kpi.unit, kpi.change), kpi.change);
        delta = t('kpi.delta', shown, period(kpi.previous_period));
        if (kpi.change !== 0) tone = (kpi.change > 0) === (kpi.better === 'up') ? 'good' : 'bad';
      }
      box.appendChild(el('div', { class: 'delta ' + tone, text: delta }));
      sparkline(box, kpi.series);
    }
    container.appendChild(el('p', { class: 'hint', text: t('kpi.hint', period(metrics.current_period)) }));
  }

  function whole(metrics) {
    return metrics.periods.filter((row) => row.segment === 'all' || metrics.query.by === null);
  }

  function customersChart(container, metrics) {
    const rows = whole(metrics);
    chart(container, 'churn-retention', {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((row) => period(row.period)) },
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v) => pct(v, 0) } },
        { type: 'value', axisLabel: { formatter: compact }, splitLine: { show: false } },
      ],
      series: [
        { name: t('metric.customers_at_end'), type: 'bar', yAxisIndex: 1, data: rows.map((row) => row.customers_at_end), itemStyle: { color: '#c9d6f3' } },
        { name: t('metric.churn_rate'), type: 'line', data: rows.map((row) => row.churn_rate), itemStyle: { color: '#c23b2e' } },
      ],
    });
  }

  function mrrChart(container, metrics) {
    const rows = whole(metrics);
    chart(container, 'mrr', {
      tooltip: { trigger: 'axis', valueFormatter: (v) => money(v) },
      grid: { left: 60, right: 20, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((row) => period(row.period)) },
      yAxis: { type: 'value', axisLabel: { formatter: axisMoney } },
      series: [{ name: t('metric.mrr_end'), type: 'line', areaStyle: { color: 'rgba(36,88,214,.10)' }, data: rows.map((row) => row.mrr_end) }],
    });
  }

  const seasonNames = {
    month: (season) => new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, season - 1, 1))),
    quarter: (season) => t('period.quarter_short', season),
    day: (season) => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, 0, season))),
  };

  /** One metric as a series: its values, the trend line over the latest periods, spikes marked, and the sentences. */
  function trendCard(container, series, periodCode) {
    const box = card(metricName(series.field));
    box.dataset.metric = series.field;
    container.appendChild(box);
    if (series.analysis === 'no_data') {
      box.appendChild(el('p', { class: 'muted', text: t('trends.no_data') }));
      return;
    }
    const labels = series.labels;
    const spikes = series.spikes.map((spike) => ({
      name: spike.deviation > 0 ? t('trends.spike') : t('trends.dip'),
      coord: [labels.indexOf(spike.period), spike.value],
      value: spike.value,
      itemStyle: { color: spike.deviation > 0 ? '#c23b2e' : '#1a8a4a', borderColor: '#fff', borderWidth: 1.5 },
    }));
    const line = (series.trend && series.trend.line) || [];
    const trendData = labels.map((label) => {
      const point = line.find((p) => p.period === label);
      return point ? point.value : null;
    });
    const format = (v) => series.unit === 'score' ? num(v, series.decimals) : value(series.unit === 'amount' ? 'money' : series.unit, v);
    const option = {
      tooltip: { trigger: 'axis', valueFormatter: format },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: labels.map(period) },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: series.unit === 'amount' ? axisMoney : (v) => num(v, series.unit === 'percent' ? 1 : series.unit === 'score' ? series.decimals : 0) } },
      series: [
        { name: metricName(series.field), type: 'line', data: series.values,
          markPoint: { symbol: 'circle', symbolSize: 13, label: { show: false }, tooltip: { formatter: (p) => p.name + ': ' + format(p.value) }, data: spikes } },
        { name: t('trends.trend_line'), type: 'line', data: trendData, showSymbol: false, lineStyle: { type: 'dashed', width: 2 }, itemStyle: { color: '#b7791f' } },
      ],
    };
    const seasonality = series.seasonality;
    if (seasonality && seasonality.kind === 'tested' && seasonality.significant && seasonNames[periodCode]) {
      const strong = seasonality.effects.filter((effect) => effect.p_value < 0.05).map((effect) => effect.season);
      const areas = [];
      labels.forEach((label, index) => {
        const season = seasonOf(label, periodCode);
        if (strong.includes(season)) areas.push([{ xAxis: index }, { xAxis: index }]);
      });
      option.series[0].markArea = { itemStyle: { color: 'rgba(183,121,31,.10)' }, data: areas };
    }
    chart(box, 'trend-' + series.field, option, 'short');
    box.appendChild(el('ul', { class: 'sentences' }, series.sentences.map((sentence) => el('li', { text: sentence }))));
  }

  function seasonOf(label, periodCode) {
    if (periodCode === 'month') return +label.substring(5, 7);
    if (periodCode === 'quarter') return +label.substring(6, 7);
    if (periodCode === 'day') {
      const day = new Date(label + 'T00:00:00Z').getUTCDay();
      return day === 0 ? 7 : day;
    }
    return -1;
  }

  function trends(container, data) {
    const grid = el('div', { class: 'grid' });
    container.appendChild(grid);
    for (const series of data.metrics) trendCard(grid, series, data.query.period);
    container.appendChild(el('p', { class: 'hint', text: t('trends.hint', data.trend_periods) }));
  }

  const movements = ['new', 'expansion', 'reactivation', 'contraction', 'churned'];
  const movementColors = { new: '#1a8a4a', expansion: '#52b788', reactivation: '#2458d6', contraction: '#e9a23b', churned: '#c23b2e', billing_change: '#8d99ae' };

  /** MRR movements of every period as stacked bars, gains up and losses down; a click lists the customers behind a bar. */
  function movementsChart(container, metrics, onPick) {
    const rows = whole(metrics);
    const instance = chart(container, 'mrr-movements', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => money(Math.abs(v)) },
      legend: { top: 0 },
      grid: { left: 60, right: 20, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((row) => period(row.period)) },
      yAxis: { type: 'value', axisLabel: { formatter: axisMoney } },
      series: movements.map((movement, index) => ({
        id: movement,
        barGap: index === 0 ? '-100%' : undefined,
        barMaxWidth: 36,
        name: t('movement.' + movement),
        type: 'bar',
        stack: movement === 'contraction' || movement === 'churned' ? 'loss' : 'gain',
        itemStyle: { color: movementColors[movement] },
        cursor: onPick ? 'pointer' : 'default',
        data: rows.map((row) => (movement === 'contraction' || movement === 'churned' ? -1 : 1) * (row['mrr_' + movement] || 0)),
      })),
    });
    if (onPick) instance.on('click', (event) => onPick(event.seriesId, rows[event.dataIndex].period));
  }

  /** The MRR bridge of one period: start, each movement, end; a click lists the customers behind a step. */
  function waterfall(container, row, onPick) {
    const steps = [
      { figure: 'at_start', name: t('waterfall.start'), value: row.mrr_start, total: true },
      { figure: 'new', value: row.mrr_new },
      { figure: 'expansion', value: row.mrr_expansion },
      { figure: 'reactivation', value: row.mrr_reactivation },
      { figure: 'contraction', value: -row.mrr_contraction },
      { figure: 'churned', value: -row.mrr_churned },
      { figure: 'billing_change', value: row.mrr_billing_change },
      { figure: 'at_end', name: t('waterfall.end'), value: row.mrr_end, total: true },
    ];
    let level = 0;
    let lowest = Infinity;
    const base = [];
    const shown = [];
    for (const step of steps) {
      if (step.total) {
        base.push(0);
        shown.push({ value: step.value, itemStyle: { color: '#14213d' } });
        level = step.value;
      } else {
        const next = level + (step.value || 0);
        base.push(Math.min(level, next));
        shown.push({ value: Math.abs(step.value || 0), itemStyle: { color: movementColors[step.figure] } });
        level = next;
      }
      lowest = Math.min(lowest, level);
    }
    // the movements are small beside MRR itself: start the axis near the lowest level so that they can be seen
    const floor = lowest > 0 ? Math.pow(10, Math.floor(Math.log10(lowest))) / 2 : 1;
    const axisMin = lowest > 0 ? Math.max(0, Math.floor((lowest * 0.9) / floor) * floor) : 0;
    const instance = chart(container, 'mrr-waterfall', {
      tooltip: {
        trigger: 'item',
        formatter: (p) => steps[p.dataIndex].name || t('movement.' + steps[p.dataIndex].figure) + ': ' + signed(money(steps[p.dataIndex].value), steps[p.dataIndex].value),
      },
      grid: { left: 60, right: 20, top: 20, bottom: 40 },
      xAxis: { type: 'category', data: steps.map((step) => step.name || t('movement.' + step.figure)), axisLabel: { interval: 0, fontSize: 11 } },
      yAxis: { type: 'value', min: axisMin, axisLabel: { formatter: axisMoney } },
      series: [
        { type: 'bar', stack: 'bridge', silent: true, itemStyle: { color: 'transparent' }, data: base },
        {
          id: 'bridge', type: 'bar', stack: 'bridge', data: shown, cursor: onPick ? 'pointer' : 'default',
          label: { show: true, position: 'top', fontSize: 10, formatter: (p) => (steps[p.dataIndex].total ? compact(steps[p.dataIndex].value) : signed(compact(steps[p.dataIndex].value), steps[p.dataIndex].value)) },
        },
      ],
    });
    if (onPick) instance.on('click', (event) => {
      if (event.seriesId === 'bridge') onPick(steps[event.dataIndex].figure, row.period);
    });
  }

  function mrrTable(container, metrics) {
    const rows = whole(metrics).slice().reverse();
    // every amount to the cent, so that a row adds up as it reads, and a real minus sign
    const exact = (value) => money(value, undefined, 2).replace('-', '−');
    container.appendChild(table([
      { title: t('column.period'), cell: (row) => period(row.period) + (row.partial ? ' *' : '') },
      { title: t('metric.mrr_start'), number: true, cell: (row) => exact(row.mrr_start) },
      { title: t('movement.new'), number: true, cell: (row) => exact(row.mrr_new) },
      { title: t('movement.expansion'), number: true, cell: (row) => exact(row.mrr_expansion) },
      { title: t('movement.reactivation'), number: true, cell: (row) => exact(row.mrr_reactivation) },
      { title: t('movement.contraction'), number: true, cell: (row) => exact(row.mrr_contraction) },
      { title: t('movement.churned'), number: true, cell: (row) => exact(row.mrr_churned) },
      // a change of billing period moves MRR too (an annual plan's MRR is a twelfth of its price): without it the row does not add up
      { title: t('movement.billing_change'), number: true, cell: (row) => exact(row.mrr_billing_change) },
      { title: t('metric.mrr_end'), number: true, cell: (row) => exact(row.mrr_end) },
      { title: t('metric.net_revenue_retention'), number: true, cell: (row) => pct(row.net_revenue_retention) },
      { title: t('metric.gross_revenue_churn'), number: true, cell: (row) => pct(row.gross_revenue_churn) },
    ], rows));
  }

  function heatmap(container, name, data, field, onPick) {
    const cohorts = data.cohorts;
    const ages = data.ages;
    const cells = [];
    cohorts.forEach((cohort, row) => {
      cohort.cells.forEach((cell) => {
        if (cell[field] !== null && cell[field] !== undefined) cells.push([cell.age, row, cell[field]]);
      });
    });
    const max = field === 'revenue_retention' ? Math.max(100, ...cells.map((cell) => cell[2])) : 100;
    const small = cohorts.length <= 26 && ages <= 26;
    const instance = chart(container, name, {
      tooltip: {
        formatter: (p) => t('cohorts.tooltip', period(cohorts[p.value[1]].cohort), p.value[0], pct(p.value[2]), num(cohorts[p.value[1]].cells[p.value[0]].customers)),
      },
      grid: { left: 90, right: 20, top: 10, bottom: 76 },
      xAxis: { type: 'category', name: t('cohorts.age'), nameLocation: 'middle', nameGap: 24, data: Array.from({ length: ages }, (_, i) => String(i)), splitArea: { show: true } },
      yAxis: { type: 'category', inverse: true, data: cohorts.map((cohort) => period(cohort.cohort)), splitArea: { show: true } },
      visualMap: { min: 0, max: max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 140, inRange: { color: ['#fdecea', '#f6d365', '#52b788', '#1a6b45'] }, formatter: (v) => pct(v, 0) },
      series: [{ type: 'heatmap', data: cells, label: { show: small, fontSize: 9, formatter: (p) => num(p.value[2], 0) }, cursor: onPick ? 'pointer' : 'default', emphasis: { itemStyle: { borderColor: '#14213d', borderWidth: 1 } } }],
    }, 'tall');
    if (onPick) instance.on('click', (event) => onPick(cohorts[event.value[1]].cohort, event.value[0]));
  }

  function survival(container, data) {
    if (!data.segments.length) {
      container.appendChild(notice(t('survival.none')));
      return;
    }
    chart(container, 'survival', {
      tooltip: { trigger: 'axis', valueFormatter: (v) => pct(v) },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 36, bottom: 40 },
      xAxis: { type: 'value', name: t('survival.months'), nameLocation: 'middle', nameGap: 26, min: 0, axisLabel: { formatter: (v) => num(v) } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v) => pct(v, 0) } },
      series: data.segments.map((segment) => ({
        name: segmentName(segment.segment),
        type: 'line',
        step: 'end',
        showSymbol: false,
        data: segment.curve.map((point) => [point.months, point.retained_pct]),
      })),
    }, 'tall');
    const at = data.segments[0].at.map((point) => point.months);
    container.appendChild(table([
      { title: t('column.segment'), cell: (segment) => segmentName(segment.segment) },
      { title: t('survival.customers'), number: true, cell: (segment) => num(segment.customers) },
      { title: t('survival.churned'), number: true, cell: (segment) => num(segment.churned) },
      { title: t('survival.median'), number: true, cell: (segment) => (segment.median_months === null ? t('survival.not_reached') : num(segment.median_months, 1)) },
      ...at.map((months, index) => ({ title: t('survival.retained_at', num(months)), number: true, cell: (segment) => pct(segment.at[index].retained_pct) })),
      { title: t('survival.restricted_mean'), number: true, cell: (segment) => num(segment.restricted_mean_months, 1) },
    ], data.segments));
    if (data.log_rank) {
      container.appendChild(el('p', { class: 'hint', text: t(data.log_rank.differ ? 'survival.log_rank.differ' : 'survival.log_rank.same',
        num(data.log_rank.chi_square, 1), data.log_rank.degrees_of_freedom, data.log_rank.p_value < 0.0001 ? '< ' + num(0.0001, 4) : '= ' + num(data.log_rank.p_value, 4)) }));
    }
  }

  function segmentName(segment) {
    return segment === 'all' ? t('segment.all') : segment === '' ? t('segment.none') : segment;
  }

  function clv(container, data) {
    const simple = data.simple;
    if (simple) {
      const facts = el('dl', { class: 'facts' },
        el('dt', { text: t('clv.period') }), el('dd', { text: period(simple.period) }),
        el('dt', { text: t('metric.ltv') }), el('dd', { text: money(simple.ltv) }),
        el('dt', { text: t('metric.arpa') }), el('dd', { text: money(simple.arpa) }),
        el('dt', { text: t('metric.monthly_churn_rate') }), el('dd', { text: pct(simple.monthly_churn_rate, 2) }),
        el('dt', { text: t('metric.clv_simple') }), el('dd', { text: money(simple.clv_simple) }),
        el('dt', { text: t('metric.average_order_value') }), el('dd', { text: money(simple.average_order_value) }));
      const box = card(t('clv.simple'), facts);
      container.appendChild(box);
      if (simple.ltv_series.some(isNumber) || simple.clv_simple_series.some(isNumber)) {
        chart(box, 'ltv', {
          tooltip: { trigger: 'axis', valueFormatter: (v) => money(v) },
          legend: { top: 0 },
          grid: { left: 60, right: 20, top: 36, bottom: 30 },
          xAxis: { type: 'category', data: simple.labels.map(period) },
          yAxis: { type: 'value', axisLabel: { formatter: axisMoney } },
          series: [
            { name: t('metric.ltv'), type: 'line', data: simple.ltv_series },
            { name: t('metric.clv_simple'), type: 'line', data: simple.clv_simple_series },
          ],
        }, 'short');
      }
    }
    const predicted = card(t('clv.predicted'));
    container.appendChild(predicted);
    if (!data.predictions) {
      predicted.appendChild(data.predicted_in_store ? notice(t('clv.none_in_segment'))
        : data.buyers_in_store === false ? notice(t('clv.no_buyers')) : notice(t('clv.none'), 'holdfast clv'));
      return;
    }
    const p = data.predictions;
    predicted.appendChild(el('p', { class: 'subtitle', text: t('clv.about', num(p.customers), date(p.as_of), p.model, p.horizon_months) }));
    predicted.appendChild(el('dl', { class: 'facts' },
      el('dt', { text: t('clv.total') }), el('dd', { text: money(p.total, p.currency) }),
      el('dt', { text: t('clv.mean') }), el('dd', { text: money(p.mean, p.currency) }),
      el('dt', { text: t('clv.median') }), el('dd', { text: money(p.median, p.currency) }),
      el('dt', { text: t('clv.p90') }), el('dd', { text: money(p.p90, p.currency) })));
    chart(predicted, 'clv-distribution', {
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, top: 20, bottom: 50 },
      xAxis: { type: 'category', name: t('clv.value'), nameLocation: 'middle', nameGap: 32, data: data.histogram.map((bin) => (bin.to === null ? '≥ ' + compact(bin.from) : compact(bin.from))) },
      yAxis: { type: 'value', name: t('clv.customers'), axisLabel: { formatter: (v) => num(v) } },
      series: [{ type: 'bar', name: t('clv.customers'), data: data.histogram.map((bin) => bin.customers), itemStyle: { color: '#2458d6' } }],
    }, 'short');
    predicted.appendChild(el('h3', { text: t('clv.top') }));
    predicted.appendChild(table([
      { title: t('column.customer'), cell: (row) => customerCell(row.customer_id) },
      { title: t('column.plan'), cell: (row) => row.plan },
      { title: t('column.owner'), cell: (row) => row.owner },
      { title: t('clv.value'), number: true, cell: (row) => money(row.clv, row.currency) },
      { title: t('clv.p_alive'), number: true, cell: (row) => probability(row.p_alive) },
      { title: t('clv.expected_purchases'), number: true, cell: (row) => num(row.expected_purchases, 1) },
      { title: t('clv.expected_value'), number: true, cell: (row) => money(row.expected_value, row.currency) },
    ], data.top));
  }

  function reasons(container, data) {
    if (!data.cancellations.length) {
      container.appendChild(el('p', { class: 'muted', text: t('reasons.none') }));
      return;
    }
    const top = data.cancellations.slice(0, 12).reverse();
    const names = top.map((row) => {
      const name = reasonName(row);
      return name.length > 44 ? name.substring(0, 43) + '…' : name;
    });
    chart(container, 'churn-reasons', {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 16 + 7 * Math.max(...names.map((name) => name.length)), right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', axisLabel: { formatter: (v) => num(v) } },
      yAxis: { type: 'category', data: names },
      series: [{ type: 'bar', name: t('reasons.losses'), data: top.map((row) => ({ value: row.customers, itemStyle: { color: row.churn_type === 'involuntary' ? '#b7791f' : '#c23b2e' } })) }],
    });
    // losses, not customers: one lost twice in the range counts twice; MRR only where some was lost (not in a shop)
    const churnColumns = [
      { title: t('reasons.type'), cell: (row) => churnType(row.churn_type) },
      { title: t('reasons.losses'), number: true, cell: (row) => num(row.customers) },
    ];
    if (data.churn_types.some((row) => row.mrr_lost)) {
      churnColumns.push({ title: t('reasons.mrr_lost'), number: true, cell: (row) => money(row.mrr_lost) });
    }
    container.appendChild(table(churnColumns, data.churn_types));
    container.appendChild(el('p', { class: 'muted', text: t('reasons.losses_note') }));
    if (data.exit_answers.length) {
      container.appendChild(el('h3', { text: t('reasons.exit_answers') }));
      container.appendChild(table([
        { title: t('reasons.survey'), cell: (row) => row.kind.toUpperCase() },
        { title: t('reasons.comment'), cell: (row) => row.comment || '–' },
        { title: t('reasons.customers'), number: true, cell: (row) => num(row.customers) },
        { title: t('reasons.average_score'), number: true, cell: (row) => num(row.average_score, 1) },
      ], data.exit_answers.slice(0, 10)));
    }
  }

  function reasonName(row) {
    if (!row.reason) return churnType(row.churn_type) + (row.churn_type === 'inactive' ? '' : ' · ' + t('reasons.unstated'));
    return cancelReason(row.reason) + ' · ' + churnType(row.churn_type);
  }

  /** A code of the data in words where it is one Holdfast knows (the canonical ones, the simulator's), else as given. */
  function codeWords(group, value) {
    return value !== null && value !== undefined && has(group + '.' + value) ? t(group + '.' + value) : (value === null || value === undefined ? '–' : value);
  }

  /** A cancellation reason in words where it is one Holdfast knows (the simulator's), else as the data give it. */
  function cancelReason(reason) {
    return reason && has('cancel_reason.' + reason) ? t('cancel_reason.' + reason) : reason;
  }

  function churnType(type) {
    return has('churn_type.' + type) ? t('churn_type.' + type) : type;
  }

  function band(name) {
    return el('span', { class: 'band ' + name, text: has('band.' + name) ? t('band.' + name) : name });
  }

  function reasonList(reasons, count) {
    if (!reasons || !reasons.length) return el('span', { class: 'muted', text: '–' });
    return el('ul', { class: 'reasons' }, reasons.slice(0, count || 3).map((reason) => el('li', { text: reason.text })));
  }

  function riskSummary(container, data) {
    container.appendChild(el('dl', { class: 'facts' },
      el('dt', { text: t('risk.as_of') }), el('dd', { text: date(data.as_of) }),
      el('dt', { text: t('risk.model') }), el('dd', { text: data.model_id || '–' }),
      el('dt', { text: t('risk.scored') }), el('dd', { text: num(data.total) }),
      el('dt', { text: t('risk.revenue_at_risk') }), el('dd', { text: money(data.revenue_at_risk) }),
      el('dt', { text: t('risk.bands') }), el('dd', null, band('poor'), ' ', num(data.bands.poor), '  ', band('fair'), ' ', num(data.bands.fair), '  ', band('good'), ' ', num(data.bands.good))));
  }

  function riskTable(container, data, sort) {
    container.appendChild(table([
      { title: t('column.customer'), cell: (row) => customerCell(row.customer_id) },
      { title: t('column.plan'), cell: (row) => row.plan },
      { title: t('column.owner'), cell: (row) => row.owner },
      { title: t('risk.probability'), number: true, sort: 'probability', cell: (row) => probability(row.probability) },
      { title: t('risk.health'), number: true, sort: 'health', cell: (row) => el('span', null, num(row.health), ' ', band(row.health_band)) },
      { title: t('risk.revenue_at_risk'), number: true, sort: 'revenue_at_risk', cell: (row) => money(row.revenue_at_risk) },
      { title: t('risk.reasons'), cell: (row) => reasonList(row.reasons, 3) },
    ], data.customers, sort ? { sort: sort } : null));
  }

  function model(container, data) {
    if (!data.model) {
      container.appendChild(notice(t('model.none'), 'holdfast train'));
      return;
    }
    const m = data.model;
    const e = m.evaluation || {};
    container.appendChild(el('p', { class: 'subtitle', text: t('model.about', m.id, m.kind, date(m.created_at)) }));
    const figures = [
      ['model.auc', num(e.auc, 3)], ['model.pr_auc', num(e.pr_auc, 3)], ['model.brier', num(e.brier, 3)],
      ['model.lift', isNumber(e.top_decile_lift) ? num(e.top_decile_lift, 2) + '×' : '–'], ['model.capture', pct(isNumber(e.top_decile_capture) ? e.top_decile_capture * 100 : null)],
    ];
    const grid = el('div', { class: 'kpis' });
    for (const [key, shown] of figures) grid.appendChild(el('div', { class: 'kpi', 'data-kpi': key }, el('div', { class: 'name', text: t(key) }), el('div', { class: 'value', text: shown })));
    container.appendChild(grid);
    const calibration = Array.isArray(e.calibration) ? e.calibration : [];
    if (calibration.length) {
      chart(container, 'calibration', {
        tooltip: { trigger: 'item', formatter: (p) => (p.seriesIndex === 0 ? t('model.calibration_point', probability(p.value[0]), probability(p.value[1]), num(p.value[2])) : '') },
        legend: { top: 0 },
        grid: { left: 50, right: 20, top: 36, bottom: 44 },
        xAxis: { type: 'value', min: 0, max: 1, name: t('model.predicted'), nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: (v) => pct(v * 100, 0) } },
        yAxis: { type: 'value', min: 0, max: 1, name: t('model.observed'), axisLabel: { formatter: (v) => pct(v * 100, 0) } },
        series: [
          { name: t('model.bins'), type: 'scatter', symbolSize: (v) => Math.max(6, Math.min(24, Math.sqrt(v[2] || 1))), data: calibration.map((bin) => [bin.predicted, bin.observed, bin.count]) },
          { name: t('model.perfect'), type: 'line', showSymbol: false, lineStyle: { type: 'dashed', color: '#8d99ae' }, data: [[0, 0], [1, 1]] },
        ],
      }, 'short');
    }
    const backtest = e.health_backtest;
    container.appendChild(el('h3', { text: t('model.backtest') }));
    if (backtest) {
      container.appendChild(el('dl', { class: 'facts' },
        el('dt', { text: t('model.precision') }), el('dd', { text: pct(isNumber(backtest.precision) ? backtest.precision * 100 : null) }),
        el('dt', { text: t('model.recall') }), el('dd', { text: pct(isNumber(backtest.recall) ? backtest.recall * 100 : null) }),
        el('dt', { text: t('model.backtest_lift') }), el('dd', { text: isNumber(backtest.lift) ? num(backtest.lift, 2) + '×' : '–' })));
    } else {
      container.appendChild(el('p', { class: 'muted', text: t('model.no_backtest') }));
    }
  }

  // ---------------------------------------------------------------- the dashboard's pages

  function query(extra) {
    const params = filters();
    for (const [name, v] of Object.entries(extra || {})) {
      params.delete(name);
      if (v !== null && v !== undefined && v !== '') params.set(name, v);
    }
    return params;
  }

  /** The filter bar: period length, range, one segment (and, where a page splits, the attribute to split by). */
  async function filterBar(container, options) {
    const current = filters();
    const form = el('form', { class: 'filters', 'data-filters': 'true' });
    container.appendChild(form);
    const periodSelect = el('select', { name: 'period' }, ['day', 'week', 'month', 'quarter', 'year'].map((code) =>
      el('option', { value: code, selected: (current.get('period') || 'month') === code }, t('period.' + code))));
    if (!options || options.period !== false) {
      form.appendChild(el('label', null, t('filter.period'), periodSelect));
      form.appendChild(el('label', null, t('filter.from'), el('input', { type: 'date', name: 'from', value: current.get('from') || '' })));
      form.appendChild(el('label', null, t('filter.to'), el('input', { type: 'date', name: 'to', value: current.get('to') || '' })));
    }
    let segments = { attributes: [] };
    try {
      segments = await api('segments', new URLSearchParams());
    } catch (error) {
      form.appendChild(failure(error));
    }
    const segmentSelect = el('select', { name: 'segment' }, el('option', { value: '' }, t('segment.all_customers')));
    for (const attribute of segments.attributes) {
      if (!attribute.values.length) continue;
      segmentSelect.appendChild(el('optgroup', { label: attributeName(attribute.name) }, attribute.values.map((v) =>
        el('option', { value: attribute.name + '=' + v.value, selected: current.getAll('segment').includes(attribute.name + '=' + v.value) }, v.value))));
    }
    form.appendChild(el('label', null, t('filter.segment'), segmentSelect));
    if (options && options.by) {
      const chosen = new URLSearchParams(location.search).get('by') || options.by;
      form.appendChild(el('label', null, t('filter.by'), el('select', { name: 'by' },
        el('option', { value: '-', selected: chosen === '-' }, t('segment.no_split')),
        segments.attributes.map((attribute) => el('option', { value: attribute.name, selected: chosen === attribute.name }, attributeName(attribute.name))))));
    }
    form.appendChild(el('button', { type: 'submit' }, t('filter.apply')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      for (const [name, v] of new FormData(form).entries()) if (v) next.append(name, v);
      next.set('lang', lang);
      location.search = next.toString();
    });
    return segments;
  }

  function attributeName(name) {
    return has('attribute.' + name) ? t('attribute.' + name) : name;
  }

  /** A panel that lists the customers behind a clicked figure. */
  function drillPanel(container) {
    const panel = el('div', { class: 'drill', 'data-drill': 'true' });
    container.appendChild(panel);
    return async (title, loader, columns) => {
      panel.replaceChildren(el('h3', { text: title }), el('p', { class: 'muted', text: t('loading') }));
      try {
        const data = await loader();
        panel.replaceChildren(el('h3', { text: title }));
        if (!data.customers.length) {
          panel.appendChild(el('p', { class: 'muted', text: t('drill.none') }));
        } else {
          panel.appendChild(el('div', { class: 'drill-list' }, table(columns, data.customers)));
          if (data.more) panel.appendChild(el('p', { class: 'hint', text: t('drill.more', num(data.customers.length)) }));
        }
        panel.dataset.customers = String(data.customers.length);
      } catch (error) {
        panel.replaceChildren(el('h3', { text: title }), failure(error));
      }
    };
  }

  const moverColumns = [
    { title: t('column.customer'), cell: (row) => customerLink(row.customer_id) },
    { title: t('column.movement'), cell: (row) => (row.movement ? t('movement.' + row.movement) : '–') },
    { title: t('metric.mrr_start'), number: true, cell: (row) => money(row.mrr_start) },
    { title: t('metric.mrr_end'), number: true, cell: (row) => money(row.mrr_end) },
    { title: t('column.change'), number: true, cell: (row) => signed(money(row.mrr_change), row.mrr_change) },
    { title: t('column.churn_type'), cell: (row) => (row.churn_type ? churnType(row.churn_type) : '–') },
    { title: t('column.cancel_reason'), cell: (row) => cancelReason(row.cancel_reason) || '–' },
  ];

  function moversLoader(figure, label) {
    return () => api('metrics/customers', query({ figure: figure, period: label, limit: 100 }));
  }

  function subtitle(container, data) {
    const q = data.query;
    const segments = q.segments.length ? q.segments.join(', ') : t('segment.all_customers');
    container.appendChild(el('p', { class: 'subtitle', text: t('subtitle', period(labelOf(q.from, q.period)), period(labelOf(q.to > q.as_of ? q.as_of : q.to, q.period)), date(q.as_of), segments) }));
  }

  /** The API's label of the period of a day. */
  function labelOf(day, code) {
    const d = new Date(day + 'T00:00:00Z');
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    switch (code) {
      case 'year': return String(y);
      case 'quarter': return y + '-Q' + (Math.floor((m - 1) / 3) + 1);
      case 'month': return y + '-' + String(m).padStart(2, '0');
      default: return day;
    }
  }

  /** A request started before it is awaited: its failure is handled where it is awaited, not reported as unhandled meanwhile. */
  function early(promise) {
    promise.catch(() => {});
    return promise;
  }

  const pages = {
    async overview(content) {
      // the figures are asked for at once; the filter bar draws while they come
      // the top five of the chosen segment, as the figures above them
      const riskFilter = new URLSearchParams();
      filters().getAll('segment').forEach((v) => riskFilter.append('segment', v));
      const riskParams = new URLSearchParams(riskFilter);
      riskParams.set('limit', '5');
      const loading = early(Promise.all([api('metrics'), api('at-risk', riskParams).catch((error) => ({ error }))]));
      await filterBar(content);
      const [metrics, risk] = await loading;
      subtitle(content, metrics);
      kpis(content, metrics);
      const grid = el('div', { class: 'grid' });
      content.appendChild(grid);
      const customers = card(t('overview.customers'));
      grid.appendChild(customers);
      customersChart(customers, metrics);
      if (metrics.kpis.some((kpi) => kpi.field === 'mrr_end')) {
        const revenue = card(t('overview.mrr'));
        grid.appendChild(revenue);
        mrrChart(revenue, metrics);
      }
      const atRisk = card(t('overview.at_risk'));
      content.appendChild(atRisk);
      if (risk.error) atRisk.appendChild(failure(risk.error));
      else if (!risk.scored) atRisk.appendChild(notice(t('risk.none'), 'holdfast score'));
      else {
        riskSummary(atRisk, risk);
        riskTable(atRisk, risk);
        atRisk.appendChild(el('p', null, el('a', { href: '/at-risk?' + new URLSearchParams([...riskFilter.entries(), ['lang', lang]]).toString(), 'data-all-at-risk': 'true', text: t('overview.all_at_risk') })));
      }
    },

    async trends(content) {
      const loading = early(Promise.all([api('trends'), api('reasons')]));
      await filterBar(content);
      const [data, why] = await loading;
      subtitle(content, data);
      trends(content, data);
      const box = card(t('reasons.title'));
      content.appendChild(box);
      reasons(box, why);
    },

    async mrr(content) {
      const loading = early(api('metrics'));
      await filterBar(content);
      const metrics = await loading;
      subtitle(content, metrics);
      if (!metrics.kpis.some((kpi) => kpi.field === 'mrr_end')) {
        content.appendChild(notice(t('mrr.none')));
        return;
      }
      const rows = whole(metrics);
      const overview = card(t('mrr.movements'));
      content.appendChild(overview);
      overview.appendChild(el('p', { class: 'hint', text: t('mrr.click') }));
      const bridge = card(t('mrr.waterfall'));
      const pick = el('select', { name: 'waterfall-period' }, rows.map((row) => el('option', { value: row.period, selected: row.period === metrics.current_period }, period(row.period) + (row.partial ? ' *' : ''))));
      bridge.appendChild(el('div', { class: 'filters' }, el('label', null, t('column.period'), pick)));
      const bridgeChart = el('div');
      bridge.appendChild(bridgeChart);
      const show = drillPanel(bridge);
      const onPick = (figure, label) => show(t('drill.title', t(figure.startsWith('at_') ? 'waterfall.' + (figure === 'at_start' ? 'start' : 'end') : 'movement.' + figure), period(label)), moversLoader(figure, label), moverColumns);
      movementsChart(overview, metrics, onPick);
      const draw = () => {
        HF.charts = HF.charts.filter((instance) => !bridgeChart.contains(instance.getDom()) || (instance.dispose(), false));
        bridgeChart.replaceChildren();
        waterfall(bridgeChart, rows.find((row) => row.period === pick.value) || rows[rows.length - 1], onPick);
      };
      pick.addEventListener('change', draw);
      // attached first, so that the chart is drawn at the card's width
      content.appendChild(bridge);
      draw();
      const numbers = card(t('mrr.table'));
      content.appendChild(numbers);
      mrrTable(numbers, metrics);
    },

    async cohorts(content) {
      const loading = early(api('cohorts'));
      await filterBar(content);
      const data = await loading;
      subtitle(content, data);
      if (!data.cohorts.length) {
        content.appendChild(notice(t('cohorts.none')));
        return;
      }
      const logo = card(t('cohorts.logo'));
      const revenue = card(t('cohorts.revenue'));
      content.appendChild(logo);
      content.appendChild(revenue);
      let show = null;
      const onPick = (cohort, age) => show(t('cohorts.drill', period(cohort), age),
        () => api('cohorts/customers', query({ cohort: cohort, age: age, limit: 100, period: null })),
        [
          { title: t('column.customer'), cell: (row) => customerLink(row.customer_id) },
          { title: t('cohorts.first_active'), cell: (row) => date(row.first_active) },
          { title: t('metric.mrr'), number: true, cell: (row) => money(row.mrr) },
        ]);
      logo.appendChild(el('p', { class: 'hint', text: t('cohorts.click') }));
      heatmap(logo, 'cohorts-logo', data, 'logo_retention', onPick);
      show = drillPanel(logo);
      heatmap(revenue, 'cohorts-revenue', data, 'revenue_retention', onPick);
    },

    async survival(content) {
      const by = new URLSearchParams(location.search).get('by') || 'plan';
      const loading = early(api('survival', query({ by: by === '-' ? null : by })));
      await filterBar(content, { period: false, by: 'plan' });
      const data = await loading;
      const box = card(t('survival.title'));
      content.appendChild(box);
      survival(box, data);
    },

    async clv(content) {
      const loading = early(api('clv'));
      await filterBar(content);
      const data = await loading;
      subtitle(content, data);
      clv(content, data);
    },

    async 'at-risk'(content) {
      const current = filters();
      const search = new URLSearchParams(location.search);
      const state = {
        sort: search.get('sort') || 'revenue_at_risk',
        order: search.get('order') || (search.get('sort') === 'health' ? 'asc' : 'desc'),
        owner: search.get('owner') || '',
        segment: current.get('segment') || '',
        limit: 50,
      };
      const segments = await api('segments', new URLSearchParams());
      const form = el('form', { class: 'filters', 'data-filters': 'true' });
      content.appendChild(form);
      const segmentSelect = el('select', { name: 'segment' }, el('option', { value: '' }, t('segment.all_customers')));
      const owners = el('select', { name: 'owner' }, el('option', { value: '' }, t('risk.all_owners')));
      for (const attribute of segments.attributes) {
        if (attribute.name === 'owner') {
          attribute.values.forEach((v) => owners.appendChild(el('option', { value: v.value, selected: v.value === state.owner }, v.value)));
        } else if (attribute.values.length) {
          segmentSelect.appendChild(el('optgroup', { label: attributeName(attribute.name) }, attribute.values.map((v) =>
            el('option', { value: attribute.name + '=' + v.value, selected: state.segment === attribute.name + '=' + v.value }, v.value))));
        }
      }
      form.appendChild(el('label', null, t('filter.segment'), segmentSelect));
      form.appendChild(el('label', null, t('filter.owner'), owners));
      form.appendChild(el('button', { type: 'submit' }, t('filter.apply')));
      const summary = card(t('risk.title'));
      content.appendChild(summary);
      const list = el('div', { 'data-list': 'at-risk' });
      const qualityBox = card(t('model.title'));
      // the list's state in the address, so that a reload, a link or the other language shows the same list
      const remember = () => {
        const next = new URLSearchParams({ lang, sort: state.sort, order: state.order });
        if (state.owner) next.set('owner', state.owner);
        if (state.segment) next.set('segment', state.segment);
        history.replaceState(null, '', '?' + next.toString());
        navigation();
      };
      const load = async (append) => {
        const params = new URLSearchParams({ sort: state.sort, order: state.order, limit: String(state.limit), offset: String(append ? list.dataset.shown || 0 : 0) });
        if (state.owner) params.set('owner', state.owner);
        if (state.segment) params.set('segment', state.segment);
        const data = await api('at-risk', params);
        summary.replaceChildren(el('h2', { text: t('risk.title') }));
        if (!data.scored) {
          summary.appendChild(notice(t('risk.none'), 'holdfast score'));
          return;
        }
        riskSummary(summary, data);
        const rows = append ? (HF.atRisk || []).concat(data.customers) : data.customers;
        HF.atRisk = rows;
        list.replaceChildren();
        riskTable(list, Object.assign({}, data, { customers: rows }), {
          current: state.sort,
          descending: state.order === 'desc',
          change: (sort) => {
            state.order = state.sort === sort ? (state.order === 'desc' ? 'asc' : 'desc') : sort === 'health' ? 'asc' : 'desc';
            state.sort = sort;
            remember();
            load(false).catch((error) => list.replaceChildren(failure(error)));
          },
        });
        list.dataset.shown = String(rows.length);
        if (data.more) list.appendChild(el('button', { class: 'more', type: 'button', onclick: () => load(true) }, t('risk.more')));
        summary.appendChild(list);
      };
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        state.segment = segmentSelect.value;
        state.owner = owners.value;
        remember();
        load(false).catch((error) => summary.appendChild(failure(error)));
      });
      await load(false);
      content.appendChild(qualityBox);
      model(qualityBox, await api('model', new URLSearchParams()));
    },

    async customer(content) {
      const id = boot.customer;
      let data;
      try {
        data = await api('customers/' + encodeURIComponent(id), new URLSearchParams());
      } catch (error) {
        if (error.problem && error.problem.status === 404) {
          content.appendChild(notice(t('customer.unknown', id)));
          return;
        }
        throw error;
      }
      const c = data.customer;
      document.title = c.id + ' · Holdfast';
      content.appendChild(el('p', { class: 'subtitle' }, data.state.active ? t('customer.active', money(data.state.mrr)) : t('customer.inactive'), ' · ', t('customer.as_of', date(data.state.as_of))));
      const grid = el('div', { class: 'grid' });
      content.appendChild(grid);
      // the plan now (as the at-risk list shows it), and the one at sign-up where it was another
      const attributes = [['column.plan', data.state.plan || c.plan]];
      if (c.plan && data.state.plan && c.plan !== data.state.plan) attributes.push(['customer.signup_plan', c.plan]);
      attributes.push(['column.country', c.country], ['column.channel', c.channel], ['column.owner', c.owner], ['customer.created', date(c.created)]);
      const facts = el('dl', { class: 'facts' });
      for (const [key, shown] of attributes) facts.append(el('dt', { text: t(key) }), el('dd', { text: shown || '–' }));
      for (const [name, shown] of Object.entries(c.attributes || {})) facts.append(el('dt', { text: attributeName(name) }), el('dd', { text: typeof shown === 'object' ? JSON.stringify(shown) : String(shown) }));
      grid.appendChild(card(t('customer.attributes'), facts));

      const risk = card(t('customer.risk'));
      grid.appendChild(risk);
      if (!data.scores.length) {
        risk.appendChild(notice(t('customer.no_scores'), 'holdfast score'));
      } else {
        const latest = data.scores[data.scores.length - 1];
        risk.appendChild(el('dl', { class: 'facts' },
          el('dt', { text: t('risk.probability') }), el('dd', { text: probability(latest.probability) }),
          el('dt', { text: t('risk.health') }), el('dd', null, num(latest.health), ' ', band(latest.health_band)),
          el('dt', { text: t('risk.revenue_at_risk') }), el('dd', { text: money(latest.revenue_at_risk) }),
          el('dt', { text: t('risk.as_of') }), el('dd', { text: date(latest.as_of) })));
        risk.appendChild(el('h3', { text: t('risk.reasons') }));
        risk.appendChild(reasonList(latest.reasons, 10));
        chart(risk, 'risk-history', {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 50, right: 50, top: 36, bottom: 30 },
          xAxis: { type: 'category', data: data.scores.map((score) => date(score.as_of)) },
          yAxis: [
            { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v) => pct(v * 100, 0) } },
            { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v) => num(v) } },
          ],
          series: [
            { name: t('risk.probability'), type: 'line', data: data.scores.map((score) => score.probability), itemStyle: { color: '#c23b2e' } },
            { name: t('risk.health'), type: 'line', yAxisIndex: 1, data: data.scores.map((score) => score.health), itemStyle: { color: '#1a8a4a' } },
          ],
        }, 'short');
        if (latest.health_components.length) {
          risk.appendChild(el('h3', { text: t('customer.health_components') }));
          risk.appendChild(table([
            { title: t('customer.signal'), cell: (row) => row.name || row.signal },
            { title: t('customer.signal_value'), number: true, cell: (row) => num(row.value, Number.isInteger(row.value) ? 0 : 2) },
            // a part without a value is left out of the score, not worth 0 points
            { title: t('customer.points'), number: true, cell: (row) => isNumber(row.points) ? num(row.points, 1) + ' / ' + num(row.max_points, 0)
              : t('customer.not_counted', num(row.max_points, 0)) },
          ], latest.health_components));
        }
        risk.appendChild(el('h3', { text: t('customer.risk_history') }));
        risk.appendChild(table([
          { title: t('risk.as_of'), cell: (row) => date(row.as_of) },
          { title: t('risk.probability'), number: true, cell: (row) => probability(row.probability) },
          { title: t('risk.health'), number: true, cell: (row) => el('span', null, num(row.health), ' ', band(row.health_band)) },
          { title: t('risk.reasons'), cell: (row) => reasonList(row.reasons, 2) },
        ], data.scores.slice().reverse()));
      }

      const activity = card(t('customer.activity'));
      content.appendChild(activity);
      if (!data.activity.weeks.length) activity.appendChild(el('p', { class: 'muted', text: t('customer.no_activity') }));
      else {
        chart(activity, 'activity', {
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { top: 0 },
          grid: { left: 50, right: 20, top: 36, bottom: 30 },
          xAxis: { type: 'category', data: data.activity.weeks.map(date) },
          yAxis: { type: 'value', name: t('customer.events'), minInterval: 1, axisLabel: { formatter: (v) => num(v) } },
          series: Object.entries(data.activity.types).map(([type, counts]) => ({ name: type, type: 'bar', stack: 'events', data: counts })),
        }, 'short');
      }

      content.appendChild(card(t('customer.subscriptions'), data.subscriptions.length ? table([
        { title: t('column.plan'), cell: (row) => row.plan },
        { title: t('metric.mrr'), number: true, cell: (row) => money(row.mrr, row.currency) },
        { title: t('customer.billing'), cell: (row) => (has('billing.' + row.billing_period) ? t('billing.' + row.billing_period) : row.billing_period) },
        { title: t('customer.started'), cell: (row) => date(row.started) },
        { title: t('customer.ended'), cell: (row) => (row.ended ? date(row.ended) : t('customer.running')) },
        { title: t('column.churn_type'), cell: (row) => (row.churn_type ? churnType(row.churn_type) : '–') },
        { title: t('column.cancel_reason'), cell: (row) => cancelReason(row.cancel_reason) || '–' },
      ], data.subscriptions) : el('p', { class: 'muted', text: t('customer.no_subscriptions') })));

      const orders = card(t('customer.orders'));
      content.appendChild(orders);
      if (!data.orders.length) orders.appendChild(el('p', { class: 'muted', text: t('customer.no_orders') }));
      else {
        for (const total of data.order_totals) orders.appendChild(el('p', { class: 'subtitle', text: t('customer.order_totals', num(total.orders), num(total.completed), money(total.completed_amount, total.currency)) }));
        orders.appendChild(table([
          { title: t('customer.ordered_at'), cell: (row) => date(row.ordered_at) },
          { title: t('customer.order'), cell: (row) => row.id },
          { title: t('customer.amount'), number: true, cell: (row) => money(row.amount, row.currency) },
          { title: t('customer.status'), cell: (row) => codeWords('order_status', row.status) },
        ], data.orders));
      }

      const more = el('div', { class: 'grid' });
      content.appendChild(more);
      more.appendChild(card(t('customer.tickets'), data.tickets.length ? table([
        { title: t('customer.opened'), cell: (row) => date(row.opened) },
        { title: t('customer.category'), cell: (row) => codeWords('ticket_category', row.category) },
        { title: t('customer.priority'), cell: (row) => codeWords('priority', row.priority) },
        { title: t('customer.status'), cell: (row) => codeWords('ticket_status', row.status) },
        { title: t('customer.satisfaction'), number: true, cell: (row) => (row.satisfaction === null ? '–' : num(row.satisfaction)) },
      ], data.tickets) : el('p', { class: 'muted', text: t('customer.no_tickets') })));
      more.appendChild(card(t('customer.surveys'), data.surveys.length ? table([
        { title: t('customer.answered_at'), cell: (row) => date(row.answered_at) },
        { title: t('reasons.survey'), cell: (row) => row.kind.toUpperCase() },
        { title: t('customer.score'), number: true, cell: (row) => num(row.score) },
        { title: t('reasons.comment'), cell: (row) => row.comment || '–' },
      ], data.surveys) : el('p', { class: 'muted', text: t('customer.no_surveys') })));

      const value = card(t('customer.clv'));
      content.appendChild(value);
      if (!data.clv) value.appendChild(notice(t('customer.no_clv'), 'holdfast clv'));
      else {
        value.appendChild(el('dl', { class: 'facts' },
          el('dt', { text: t('clv.value') }), el('dd', { text: money(data.clv.clv, data.clv.currency) }),
          el('dt', { text: t('clv.p_alive') }), el('dd', { text: probability(data.clv.p_alive) }),
          el('dt', { text: t('clv.expected_purchases') }), el('dd', { text: num(data.clv.expected_purchases, 1) }),
          el('dt', { text: t('clv.expected_value') }), el('dd', { text: money(data.clv.expected_value, data.clv.currency) }),
          el('dt', { text: t('risk.as_of') }), el('dd', { text: date(data.clv.as_of) })));
      }
    },

    /** The self-contained report: every section at once from the embedded data. */
    async report(content) {
      const d = boot.data;
      const q = d.metrics.query;
      content.appendChild(el('p', { class: 'report-meta', text: t('report.meta', period(labelOf(q.from, q.period)), period(labelOf(q.to > q.as_of ? q.as_of : q.to, q.period)), date(q.as_of), q.segments.length ? q.segments.join(', ') : t('segment.all_customers'), boot.generated) }));
      const sections = [
        ['report.kpis', (box) => kpis(box, d.metrics)],
        ['report.trends', (box) => trends(box, d.trends)],
        ['report.mrr', (box) => {
          const rows = whole(d.metrics);
          if (!d.metrics.kpis.some((kpi) => kpi.field === 'mrr_end')) return box.appendChild(notice(t('mrr.none')));
          const row = rows.find((r) => r.period === d.metrics.current_period) || rows[rows.length - 1];
          box.appendChild(el('h3', { text: t('report.waterfall_of', period(row.period)) }));
          waterfall(box, row, null);
          box.appendChild(el('h3', { text: t('mrr.movements') }));
          movementsChart(box, d.metrics, null);
        }],
        ['report.cohorts', (box) => {
          if (!d.cohorts.cohorts.length) return box.appendChild(notice(t('cohorts.none')));
          box.appendChild(el('h3', { text: t('cohorts.logo') }));
          heatmap(box, 'cohorts-logo', d.cohorts, 'logo_retention', null);
          box.appendChild(el('h3', { text: t('cohorts.revenue') }));
          heatmap(box, 'cohorts-revenue', d.cohorts, 'revenue_retention', null);
        }],
        ['report.survival', (box) => survival(box, d.survival)],
        ['report.clv', (box) => clv(box, d.clv)],
        ['report.reasons', (box) => reasons(box, d.reasons)],
        ['report.at_risk', (box) => {
          if (!d.atRisk.scored) return box.appendChild(notice(t('risk.none'), 'holdfast score'));
          riskSummary(box, d.atRisk);
          riskTable(box, d.atRisk, null);
        }],
        ['report.model', (box) => model(box, d.model)],
      ];
      for (const [title, draw] of sections) {
        const box = card(t(title));
        box.dataset.section = title.substring('report.'.length);
        content.appendChild(box);
        try {
          draw(box);
        } catch (error) {
          box.appendChild(failure(error));
        }
      }
    },
  };

  // ---------------------------------------------------------------- start

  /** The links of the header keep the page's filters and language; again after a page changes its address. */
  function navigation() {
    const kept = filters();
    document.querySelectorAll('header.top nav a, header.top a.brand').forEach((link) => {
      if (!link.dataset.path) link.dataset.path = link.getAttribute('href');
      const target = new URL(link.dataset.path, location.href);
      for (const [name, v] of kept.entries()) target.searchParams.append(name, v);
      target.searchParams.set('lang', lang);
      link.setAttribute('href', target.pathname + target.search);
    });
    document.querySelectorAll('header.top .languages a').forEach((link) => {
      const target = new URLSearchParams(location.search);
      target.set('lang', link.dataset.lang);
      link.setAttribute('href', location.pathname + '?' + target.toString());
    });
  }

  async function start() {
    const content = document.getElementById('content');
    if (!isReport) navigation();
    const page = pages[boot.page];
    const began = performance.now();
    try {
      await page(content);
    } catch (error) {
      content.appendChild(failure(error));
    }
    HF.renderMillis = performance.now() - began;
    // milliseconds from the start of navigation to the page drawn: the page's first render
    HF.readyAt = performance.now();
    HF.ready = true;
    document.body.dataset.ready = HF.failures.length ? 'failed' : 'true';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
