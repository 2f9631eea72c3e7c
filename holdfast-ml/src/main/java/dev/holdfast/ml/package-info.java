/**
 * Churn models: XGBoost by default and an L2-regularised logistic regression as the baseline, with the transforms,
 * calibration and per-customer contributions (reasons) they need.
 *
 * <p>Typical use, with a {@link dev.holdfast.ml.FeatureMatrix} built from the dataset builder's feature table:
 * <pre>{@code
 * FeatureMatrix training = FeatureMatrix.builder()
 *     .numeric("tenure_days", tenure).categorical("plan", plans)
 *     .labels(churned).observationDates(dates).ids(customerIds).build();
 * ChurnTrainer trainer = ChurnTrainer.of(XgboostParameters.defaults(), seed);
 * ValidationReport report = Validation.timeOrdered(training, trainer, 3, horizonDays);  // or stratifiedKFold
 * ChurnModel model = trainer.train(training);
 * byte[] artifact = model.save();                       // churn_models.artifact
 * String provenance = model.provenance().toJson();      // churn_models.provenance
 *
 * ChurnModel loaded = ChurnModel.load(artifact);
 * double[] probabilities = loaded.predict(snapshot);   // calibrated P(churn within the horizon)
 * Contributions reasons = loaded.contributionsExactAbove(snapshot, 0.3);
 * reasons.reasons(row, 3);                              // strongest first, in log-odds
 * }</pre>
 * Measures and validation designs are in {@link dev.holdfast.ml.evaluation}.
 */
package dev.holdfast.ml;
