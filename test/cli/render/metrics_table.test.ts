// Claim: renderMetricsTable lays out scikit-learn's classification_report (per class rows, accuracy,
// macro and weighted averages), the headline numbers and the confusion matrix; multilabel and
// regression get their own tables. Exact text (inline snapshots).
import { expect, it } from "vitest";
import { renderMetricsTable } from "../../../src/cli/render/metrics_table.js";
import { classificationMetrics, multilabelMetrics, regressionMetrics } from "../../../src/metrics/index.js";

it("binary: the lecture's six patients, classification_report layout, AUC, confusion matrix", () => {
  const m = classificationMetrics({
    yTrue: Int32Array.from([0, 1, 0, 0, 1, 0]),
    proba: Float32Array.from([0.21, 0.67, 0.56, 0.31, 0.7, 0.84]),
    classes: ["Healthy", "Infected"],
  });
  expect(renderMetricsTable(m)).toMatchInlineSnapshot(`
    "              precision    recall  f1-score   support

         Healthy     1.0000    0.5000    0.6667         4
        Infected     0.5000    1.0000    0.6667         2

        accuracy                         0.6667         6
       macro avg     0.7500    0.7500    0.6667         6
    weighted avg     0.8333    0.6667    0.6667         6

    loss (log_loss)    0.6696
    accuracy           0.6667
    balanced_accuracy  0.7500
    roc_auc            0.7500

    Confusion matrix (rows: true class, columns: predicted)
    true \\ pred  Healthy  Infected
        Healthy        2         2
       Infected        0         2
    "
  `);
});

it("multiclass with a class absent from y_true: its zero row, the undefined values counted, 2 digits", () => {
  const m = classificationMetrics({
    yTrue: Int32Array.from([0, 0, 1, 1, 1, 0]),
    proba: Float32Array.from([0.7, 0.2, 0.1, 0.3, 0.3, 0.4, 0.1, 0.8, 0.1, 0.2, 0.6, 0.2, 0.5, 0.4, 0.1, 0.6, 0.3, 0.1]),
    classes: ["setosa", "versicolor", "virginica"],
  });
  expect(renderMetricsTable(m, { digits: 2 })).toMatchInlineSnapshot(`
    "              precision    recall  f1-score   support

          setosa       0.67      0.67      0.67         3
      versicolor       1.00      0.67      0.80         3
       virginica       0.00      0.00      0.00         0

        accuracy                           0.67         6
       macro avg       0.56      0.44      0.49         6
    weighted avg       0.83      0.67      0.73         6

    loss (log_loss)    0.62
    accuracy           0.67
    balanced_accuracy  0.67
    roc_auc            0.94 (one-vs-rest macro), 0.94 (weighted)

    Confusion matrix (rows: true class, columns: predicted)
    true \\ pred  setosa  versicolor  virginica
         setosa       2           0          1
     versicolor       1           2          0
      virginica       0           0          0

    4 undefined values set to 0 or n/a (see "undefined" in the JSON report)
    "
  `);
});

it("multilabel: per label rows with micro/macro/weighted/samples averages, then subset accuracy and hamming loss", () => {
  const m = multilabelMetrics({
    yTrue: Float32Array.from([1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0]),
    proba: Float32Array.from([0.9, 0.2, 0.6, 0.4, 0.1, 0.3, 0.2, 0.7, 0.8, 0.6, 0.9, 0.4]),
    labels: ["red", "green", "blue"],
  });
  expect(renderMetricsTable(m)).toMatchInlineSnapshot(`
    "              precision    recall  f1-score   support

             red     1.0000    0.6667    0.8000         3
           green     1.0000    1.0000    1.0000         2
            blue     1.0000    1.0000    1.0000         2

       micro avg     1.0000    0.8571    0.9231         7
       macro avg     1.0000    0.8889    0.9333         7
    weighted avg     1.0000    0.8571    0.9143         7
     samples avg     0.7500    0.7500    0.7500         7

    loss (log_loss)  0.3456
    subset_accuracy  0.7500
    hamming_loss     0.0833
    roc_auc          0.9857 (micro), 1.0000 (macro)
    rows             4
    "
  `);
});

it("regression: one output prints one row of mse, rmse, mae, r2", () => {
  const m = regressionMetrics({ yTrue: Float32Array.from([1, 2, 3, 4]), yPred: Float32Array.from([1.5, 2, 2.5, 4]), targets: ["y"] });
  // mse = (0.25 + 0 + 0.25 + 0) / 4 = 0.125; mae = 0.25; r2 = 1 - 0.5 / 5 = 0.9
  expect(renderMetricsTable(m)).toMatchInlineSnapshot(`
    "     mse    rmse     mae      r2
      0.1250  0.3536  0.2500  0.9000

    rows  4
    "
  `);
});

it("regression: several outputs print a row per output and the uniform average", () => {
  const m = regressionMetrics({
    yTrue: Float32Array.from([1, 10, 2, 20, 3, 30]),
    yPred: Float32Array.from([1, 12, 2, 18, 4, 30]),
    targets: ["small", "large_target"],
  });
  expect(renderMetricsTable(m)).toMatchInlineSnapshot(`
    "                 mse    rmse     mae      r2
           small  0.3333  0.5774  0.3333  0.5000
    large_target  2.6667  1.6330  1.3333  0.9600

     uniform avg  1.5000  1.1052  0.8333  0.7300

    rows  3
    "
  `);
});
