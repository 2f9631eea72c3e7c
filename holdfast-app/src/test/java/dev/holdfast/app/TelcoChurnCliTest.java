package dev.holdfast.app;

import static dev.holdfast.app.CliTest.holdfast;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Telco snapshot imported through the shipped mapping and evaluated as a user would, with default settings:
 * 5-fold stratified cross-validation reaches the peers' AUC (scikit-learn's logistic regression 0.845, xgboost 0.842
 * on the same design).
 */
class TelcoChurnCliTest {
  @TempDir Path folder;

  @Test
  void telco_fiveFoldAuc_reachesThePeers() throws IOException {
    Path data = dev.holdfast.store.ingest.ExampleMappingsTest.dataFile("telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv");
    String store = folder.resolve("telco.duckdb").toString();
    Path mapping = dev.holdfast.store.ingest.ExampleMappingsTest.repositoryRoot().resolve("examples/mappings/telco-churn/mapping.yaml");
    CliTest.Run imported = holdfast("import", "--store", store, "--mapping", mapping.toString(), data.toString());
    assertThat(imported.exit()).as(imported.err()).isZero();
    // a snapshot has one observation date: 28 days before the snapshot, every customer active then (all but the 11
    // of tenure 0), the 1,869 churners leaving within the horizon
    CliTest.Run run = holdfast("evaluate", "--store", store, "--observations", "1", "--folds", "5", "--format", "json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode result = new ObjectMapper().readTree(run.out());
    assertThat(result.get("rows").asLong()).isEqualTo(7032);
    assertThat(result.get("churners").asLong()).isEqualTo(1869);
    assertThat(result.get("models").get("logistic").get("design").asText()).isEqualTo("stratified 5-fold, seed 42");
    assertThat(result.get("models").get("logistic").get("auc").asDouble()).isGreaterThanOrEqualTo(0.845);
    assertThat(result.get("models").get("xgboost").get("auc").asDouble()).isGreaterThanOrEqualTo(0.842);
  }
}
