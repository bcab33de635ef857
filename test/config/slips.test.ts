// YAML slips in a shipped config: each is said in a learner's words at the line that is wrong, with the
// parser's own words (when it failed) as a second line; slips that parse as valid YAML with another
// structure are explained at the key the schema does not know.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findSlips } from "../../src/config/slips.js";
import { configsDir, edit, problems } from "./helpers.js";

const shipped = (name: string) => readFileSync(path.join(configsDir, name), "utf8");
const iris = shipped("iris.yaml");
const diabetes = shipped("diabetes.yaml");
/** configs/iris.yaml (or `base`) with `from` (which occurs once) replaced by `to`. */
const mutate = (from: string, to: string, base = iris) => edit(from, to, base);
const blockLayer = "    - type: dense\n      units: 16\n      activation: tanh";
const irisBlockLayer = mutate("    - { type: dense, units: 16, activation: tanh }", blockLayer);

describe("indentation slips the parser rejects are said at the line that is wrong", () => {
  it("a key indented more than its siblings (the parser points at the line above)", () => {
    expect(problems(mutate("  target: progression", "   target: progression", diabetes))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:8:4: the key "target" is indented by 3 spaces, the other keys of data by 2: indent it by 2 spaces, so the keys of one mapping line up (a key goes deeper only under a key with no value of its own)
        the YAML parser says: Nested mappings are not allowed in compact mappings (at line 7, column 9)",
      ]
    `);
  });

  it("a key indented less than its siblings (the parser reports it and the three keys after it)", () => {
    expect(problems(mutate("  target: species", " target: species"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:10:2: the key "target" is indented by 1 space, between the keys of data (2) and data itself (0): indent it by 2 spaces if it belongs to data, else not at all
        the YAML parser says: All mapping items must start at the same column (at line 10, column 1)",
      ]
    `);
  });

  it("the first key of a block indented more than the keys after it: the first is named, not the rest", () => {
    expect(problems(mutate("  path: ../datasets/iris.csv", "   path: ../datasets/iris.csv"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:9:4: the key "path" is indented by 3 spaces, the other keys of data by 2: indent it by 2 spaces, so the keys of one mapping line up
        the YAML parser says: All mapping items must start at the same column (at line 10, column 1)",
      ]
    `);
  });

  it("a top-level key indented by a space", () => {
    expect(problems(mutate("optimizer: {", " optimizer: {", diabetes))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:19:2: the key "optimizer" is indented by 1 space, but the top-level keys start in the first column: remove the space before it
        the YAML parser says: All mapping items must start at the same column (at line 19, column 1)",
      ]
    `);
  });

  it("a tab used for indentation", () => {
    expect(problems(mutate("  epochs: 100", "\tepochs: 100"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:28:1: a tab in the indentation; YAML indents with spaces only: indent this line by 2 spaces, like the lines around it
        the YAML parser says: Tabs are not allowed as indentation",
      ]
    `);
  });

  it("a list item indented less than the items above it", () => {
    expect(problems(mutate("    - { type: dense, units: 3,", "  - { type: dense, units: 3,"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:21:3: this list item is indented by 2 spaces, the items above it by 4: indent it by 4 spaces, so the "-" of one list line up
        the YAML parser says: A block sequence may not be used as an implicit map key",
      ]
    `);
  });

  it("a list item indented more than the items above it", () => {
    expect(problems(mutate("    - { type: dense, units: 3,", "      - { type: dense, units: 3,"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:21:7: this list item is indented by 6 spaces, the items above it by 4: indent it by 4 spaces, so the "-" of one list line up
        the YAML parser says: All sequence items must start at the same column",
      ]
    `);
  });

  it("a key of a list item at the column of the list's dashes (the parser gives three messages about implicit keys)", () => {
    expect(problems(mutate("      activation: tanh", "    activation: tanh", irisBlockLayer))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:21:5: the key "activation" lines up with the "-" of the list above; a key of a list item goes under the item's first key (indent it by 6 spaces), or starts a new item with "- "
        the YAML parser says: All mapping items must start at the same column (at line 21, column 1)",
      ]
    `);
  });

  it("a key of a list item indented less than the item's other keys", () => {
    expect(problems(mutate("      activation: tanh", "     activation: tanh", irisBlockLayer))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:21:6: the key "activation" is indented by 5 spaces, the other keys of the list item by 6: indent it by 6 spaces, so the keys of one mapping line up
        the YAML parser says: Sequence item without - indicator (at line 21, column 1)",
      ]
    `);
  });

  it("a key of a list item back at the list's own key column, which ends the list before the next item", () => {
    expect(problems(mutate("      activation: tanh", "  activation: tanh", irisBlockLayer))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:21:3: the key "activation" is indented by 2 spaces, the keys of the layers items around it by 6, so it ends the list and the "-" items after it belong to no list: indent it by 6 spaces, like the item's other keys
        the YAML parser says: A block sequence may not be used as an implicit map key (at line 23, column 1)",
      ]
    `);
  });
});

describe("colon slips", () => {
  it("a missing space after the colon in a block mapping", () => {
    expect(problems(mutate("epochs: 100", "epochs:100"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:28:9: missing space after the colon: write "epochs: 100" (YAML reads "epochs:100" as one word, not a key and its value)
        the YAML parser says: Implicit keys need to be on a single line (at line 28, column 3)",
      ]
    `);
  });

  it("an unquoted value containing ': '", () => {
    expect(problems(mutate("name: iris", "name: iris: first try"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:5:7: the value contains ": ", which YAML reads as the start of another key; put the value in quotes: name: "iris: first try"
        the YAML parser says: Nested mappings are not allowed in compact mappings",
      ]
    `);
  });

  it("a missing space after the colon in a flow mapping is valid YAML (the key `units:16`) and is named as the slip", () => {
    expect(problems(mutate("units: 16, activation: tanh", "units:16, activation: tanh"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:19:22: model.layers[0].units:16: unknown key; missing space after the colon: write "units: 16" (YAML reads "units:16" as one key with no value)",
      ]
    `);
  });

  it("a missing space after the colon of a section's only key is valid YAML (the string `epochs:100`) and is named as the slip", () => {
    const yaml = mutate("  epochs: 100\n  batch_size: 16                    # mini-batch GD: 105 train rows → 7 steps per epoch\n  shuffle: true                     # new batch order every epoch\n", "  epochs:100\n");
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:28:3: training: expected a mapping (key: value), got "epochs:100"; missing space after the colon? write "epochs: 100"",
      ]
    `);
  });
});

describe("a dedented key that parses as a sibling is named as indented too little", () => {
  it("data's last key at the top level", () => {
    expect(problems(mutate("  split: {", "split: {"))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:13:1: split: unknown key here, but a key of data just above it: it is indented less than the keys of data; indent it like them",
      ]
    `);
  });

  it("training's last key at the top level", () => {
    expect(problems(mutate("  shuffle: true ", "shuffle: true "))).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:30:1: shuffle: unknown key here, but a key of training just above it: it is indented less than the keys of training; indent it like them",
      ]
    `);
  });

  it("a layer's last key at the column of model's keys (the output layer removed, so nothing follows in the list)", () => {
    const yaml = mutate("    - { type: dense, units: 3, activation: softmax }\n", "", mutate("      activation: tanh", "  activation: tanh", irisBlockLayer));
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:21:3: model.activation: unknown key here, but a key of the list item just above it (model.layers[0]): it is indented less than that item's keys; indent it like them",
      ]
    `);
  });
});

describe("what a slip does not hide", () => {
  it("a duplicate key in another section is still reported", () => {
    const yaml = mutate("  target: species", " target: species", mutate("  epochs: 100", "  epochs: 100\n  epochs: 50"));
    expect(problems(yaml)).toMatchInlineSnapshot(`
      [
        "configs/test.yaml:10:2: the key "target" is indented by 1 space, between the keys of data (2) and data itself (0): indent it by 2 spaces if it belongs to data, else not at all
        the YAML parser says: All mapping items must start at the same column (at line 10, column 1)",
        "configs/test.yaml:29:3: invalid YAML: Map keys must be unique",
      ]
    `);
  });

  it("the shipped configs have no slips", () => {
    for (const name of ["iris.yaml", "diabetes.yaml", "breast_cancer.yaml", "wine.yaml", "digits.yaml", "digits_multilabel.yaml", "fashion-mnist-mlp.yaml"]) {
      expect(findSlips(shipped(name)), name).toEqual([]);
    }
  });
});
