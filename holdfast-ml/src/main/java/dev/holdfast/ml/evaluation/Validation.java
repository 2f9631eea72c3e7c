package dev.holdfast.ml.evaluation;

import dev.holdfast.ml.ChurnModel;
import dev.holdfast.ml.ChurnTrainer;
import dev.holdfast.ml.FeatureMatrix;
import dev.holdfast.ml.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Validation designs: each trains models with a {@link ChurnTrainer} on part of a labelled matrix and evaluates their
 * calibrated probabilities on the rest.
 */
public final class Validation {
  private Validation() {}

  /**
   * Stratified K-fold cross-validation: the rows are dealt into {@code folds} folds with equal churn rates (see
   * {@link FeatureMatrix#stratifiedFolds}), and each fold is predicted by a model trained on the others.
   */
  public static ValidationReport stratifiedKFold(FeatureMatrix data, ChurnTrainer trainer, int folds, long seed) {
    int[] fold = data.stratifiedFolds(folds, seed);
    var results = new ArrayList<ValidationReport.Fold>();
    for (int k = 0; k < folds; k++) {
      int[] training = rows(fold, k, false);
      int[] validation = rows(fold, k, true);
      results.add(evaluate("fold " + (k + 1), data, training, validation, trainer));
    }
    return new ValidationReport("stratified " + folds + "-fold, seed " + seed, results);
  }

  /**
   * Time-ordered validation with an expanding window: each of the {@code folds} newest groups (observation dates) is
   * predicted by a model trained on every row at least {@code gap} older, so no training label looks past the date
   * it is validated on. Set {@code gap} to the label window (lead plus horizon) in the groups' unit, e.g. days for
   * epoch-day groups.
   */
  public static ValidationReport timeOrdered(FeatureMatrix data, ChurnTrainer trainer, int folds, int gap) {
    var results = new ArrayList<ValidationReport.Fold>();
    for (Split split : timeOrderedSplits(data, folds, gap)) {
      if (split.training().length == 0) {
        throw new ModelException("no rows are " + gap + " or more before group " + split.group() + "; use fewer folds"
            + " or a smaller gap");
      }
      results.add(evaluate("group " + split.group(), data, split.training(), split.validation(), trainer));
    }
    return new ValidationReport("time-ordered, " + folds + " newest groups, gap " + gap, results);
  }

  /** One fold of time-ordered validation: the validated group (observation date) and the rows of each side. */
  public record Split(int group, int[] training, int[] validation) {}

  /**
   * The folds {@link #timeOrdered} trains and validates, without training anything: each of the {@code folds} newest
   * groups, with the rows at least {@code gap} older to train on (possibly none).
   */
  public static List<Split> timeOrderedSplits(FeatureMatrix data, int folds, int gap) {
    if (!data.hasGroups()) {
      throw new ModelException("time-ordered validation needs the rows' observation dates (groups); this matrix"
          + " has none");
    }
    if (gap < 1) {
      throw new IllegalArgumentException("gap must be at least 1 (the label window in group units): " + gap);
    }
    var distinct = new TreeSet<Integer>();
    for (int row = 0; row < data.rows(); row++) {
      distinct.add(data.group(row));
    }
    if (folds < 1 || folds >= distinct.size()) {
      throw new ModelException("time-ordered validation with " + folds + " folds needs more than " + folds
          + " observation dates; the data has " + distinct.size());
    }
    Integer[] groups = distinct.toArray(Integer[]::new);
    var splits = new ArrayList<Split>();
    for (int k = groups.length - folds; k < groups.length; k++) {
      int validated = groups[k];
      splits.add(new Split(validated, rowsWhere(data, group -> group <= (long) validated - gap), rowsWhere(data, group -> group == validated)));
    }
    return splits;
  }

  private static ValidationReport.Fold evaluate(String name, FeatureMatrix data, int[] training, int[] validation,
      ChurnTrainer trainer) {
    ChurnModel model;
    try {
      model = trainer.train(data.select(training));
    } catch (ModelException e) {
      throw new ModelException(name + ": " + e.getMessage(), e);
    }
    FeatureMatrix held = data.select(validation);
    return new ValidationReport.Fold(name, training.length, Evaluation.of(model.predict(held), held.labels()));
  }

  private static int[] rows(int[] fold, int which, boolean inFold) {
    return IntStream.range(0, fold.length).filter(row -> (fold[row] == which) == inFold).toArray();
  }

  private static int[] rowsWhere(FeatureMatrix data, IntPredicate test) {
    return IntStream.range(0, data.rows()).filter(row -> test.test(data.group(row))).toArray();
  }
}
