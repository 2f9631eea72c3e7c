package ml.dmlc.xgboost4j.java;

/**
 * The tests' access to the one XGBoost prediction that XGBoost4J does not expose: approximate (Saabas) contributions,
 * the {@code approx_contribs} option of XGBoost's {@code XGBoosterPredict}, the reference {@code TreeEnsembleTest}
 * checks Holdfast's own walk of the trees against.
 *
 * <p>XGBoost4J 3.0.4 calls {@code XGBoosterPredict} only with the option bits for margin, leaf and exact
 * contributions, its {@code XGBoostJNI} class is package-private and a {@link Booster}'s native handle is private;
 * so this class lives in XGBoost4J's package and loads the model into a native booster of its own, which it frees
 * before returning. It relies on XGBoost4J internals: check it when upgrading XGBoost (the test of approximate
 * contributions fails if it breaks). It needs the class path; a split package is not allowed on the module path.
 */
public final class HoldfastBridge {
  /** {@code XGBoosterPredict} option bits, from XGBoost's {@code c_api.h}. */
  private static final int CONTRIBUTIONS = 4;
  private static final int APPROXIMATE = 8;

  private HoldfastBridge() {}

  /**
   * Returns approximate contributions for every row of {@code data}: row-major, {@code features + 1} values per row,
   * the last being the bias, as {@link Booster#predictContrib(DMatrix, int)} lays out exact ones.
   *
   * @param model the booster as {@link Booster#toByteArray(String)} wrote it
   * @param threads XGBoost's {@code nthread} for the prediction
   */
  public static float[] approximateContributions(byte[] model, DMatrix data, int threads) throws XGBoostError {
    long[] created = new long[1];
    XGBoostJNI.checkCall(XGBoostJNI.XGBoosterCreate(new long[0], created));
    long handle = created[0];
    try {
      XGBoostJNI.checkCall(XGBoostJNI.XGBoosterLoadModelFromBuffer(handle, model));
      XGBoostJNI.checkCall(XGBoostJNI.XGBoosterSetParam(handle, "nthread", Integer.toString(threads)));
      float[][] result = new float[1][];
      XGBoostJNI.checkCall(XGBoostJNI.XGBoosterPredict(handle, data.getHandle(), CONTRIBUTIONS | APPROXIMATE, 0,
          result));
      return result[0] == null ? new float[0] : result[0];
    } finally {
      XGBoostJNI.XGBoosterFree(handle);
    }
  }
}
