package dev.holdfast.web;

import dev.holdfast.store.retention.Cohorts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Acquisition cohorts as the API gives them: logo and revenue retention of each cohort at each age, in percent. */
final class CohortsView {
  private CohortsView() {}

  static Map<String, Object> of(Request request, List<Cohorts.Cohort> cohorts) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int ages = 0;
    for (Cohorts.Cohort cohort : cohorts) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("cohort", cohort.label());
      row.put("start", cohort.start().toString());
      row.put("segment", request.segmentName(cohort.segment()));
      row.put("size", cohort.size());
      row.put("base_mrr", cohort.baseMrr());
      List<Map<String, Object>> cells = new ArrayList<>();
      for (Cohorts.Cell cell : cohort.cells()) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("age", cell.age());
        value.put("customers", cell.customers());
        value.put("logo_retention", cohort.size() == 0 ? null : round(100.0 * cell.customers() / cohort.size()));
        value.put("mrr", cell.mrr());
        value.put("revenue_retention", cohort.baseMrr() == 0 ? null : round(100.0 * cell.mrr() / cohort.baseMrr()));
        cells.add(value);
      }
      ages = Math.max(ages, cells.size());
      row.put("cells", cells);
      rows.add(row);
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("query", request.describe());
    view.put("ages", ages);
    view.put("cohorts", rows);
    return view;
  }

  static Map<String, Object> members(Request request, String cohort, int age, List<Cohorts.Member> members, int limit, int offset) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("query", request.describe());
    view.put("cohort", cohort);
    view.put("age", age);
    view.put("total", members.size());
    view.put("limit", limit);
    view.put("offset", offset);
    view.put("more", members.size() > offset + limit);
    view.put("customers", members.stream().skip(offset).limit(limit).map(member -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("customer_id", member.customerId());
      row.put("first_active", member.firstActive().toString());
      row.put("mrr", member.mrr());
      return row;
    }).toList());
    return view;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
