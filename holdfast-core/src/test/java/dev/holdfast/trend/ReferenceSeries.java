package dev.holdfast.trend;

/** Series whose statistics were computed in R by src/test/resources/trend/reference.R. */
final class ReferenceSeries {
  /** Twelve monthly values with two groups of ties and a missing fourth value. */
  static final double[] SMALL = {4.1, 4.3, 4.3, Double.NaN, 4.0, 4.6, 4.8, 4.8, 4.8, 5.1, 5.0, 5.3};

  /** R datasets::Nile, annual flow of the Nile at Aswan 1871–1970 (10^8 m³), with ties. */
  static final double[] NILE = {
    1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020, 960, 1180, 799, 958, 1140,
    1100, 1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840, 874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969,
    831, 726, 456, 824, 702, 1120, 1100, 832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040, 759,
    781, 865, 845, 944, 984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890,
    744, 749, 838, 1050, 918, 986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919, 718, 714, 740
  };

  /**
   * 36 months from January 2022: 4 + 0.02·i + 1.8 in December + N(0, 0.25) noise, rounded to 0.1 (numpy
   * default_rng(2022)).
   */
  static final double[] SEASONAL = {
    4.7, 3.8, 4.6, 3.7, 4.2, 4.1, 3.5, 4.0, 4.3, 3.4, 3.8, 6.0,
    4.4, 4.7, 4.0, 4.2, 4.4, 4.6, 4.1, 4.0, 4.9, 4.6, 4.6, 6.3,
    4.3, 4.3, 4.1, 4.3, 4.3, 4.7, 4.3, 4.3, 4.7, 5.0, 4.7, 6.6
  };

  /** 15 months from January 2024, rising, with a spike in February 2025. */
  static final double[] SPIKED = {4.0, 4.2, 3.9, 4.1, 4.0, 4.2, 4.1, 4.4, 4.3, 4.9, 5.2, 5.6, 6.0, 8.9, 6.3};

  private ReferenceSeries() {}
}
