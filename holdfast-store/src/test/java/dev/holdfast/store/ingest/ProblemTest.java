package dev.holdfast.store.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {
  @Test
  void aValuesControlCharacters_areShown_notPrintedAsNothing() {
    Problem problem = new Problem("orders.csv", 3, "customer_id", "A\u0001", "refers to a customer the store does not know", null);
    assertThat(problem.describe()).isEqualTo("orders.csv line 3, column \"customer_id\": \"A\\u0001\" refers to a customer the store does not know");
    assertThat(new Problem("e.csv", 2, "type", "log\tin\u200B", "x", null).describe()).contains("\"log\\u0009in\\u200B\"");
    assertThat(new Problem("e.csv", 2, "type", "Вход", "x", null).describe()).contains("\"Вход\"");
  }
}
