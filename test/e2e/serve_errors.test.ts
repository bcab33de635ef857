// `mltrain serve`'s refusals, over real HTTP: each kind of bad body answers a JSON error naming the row
// and field, with no stack, and the server keeps serving; bad command lines exit 2 before listening.
import { writeFileSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mltrain, root, tmp } from "./cli.js";
import { predict, serve, type Served } from "./server.js";

const dir = tmp("serve-errors");
let server: Served;
const good = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2, color: "red", code: 1 };

beforeAll(async () => {
  // iris with a text column (color) and a numeric code column (data.categorical: [code])
  const iris = readFileSync(path.join(root, "datasets/iris.csv"), "utf8").trim().split("\n");
  const colors = ["red", "green", "blue"];
  writeFileSync(path.join(dir, "cat.csv"), [`color,code,${iris[0]}`, ...iris.slice(1).map((l, i) => `${colors[i % 3]},${i % 3},${l}`)].join("\n") + "\n");
  const config = path.join(dir, "cat.yaml");
  writeFileSync(config, readFileSync(path.join(root, "configs/iris.yaml"), "utf8").replace("../datasets/iris.csv", "cat.csv").replace("target: species", "target: species\n  categorical: [code]"));
  const r = mltrain(["fit", config, "-o", "cat", "--verbose", "0", "--set", "training.epochs=2"], dir);
  expect(r.code, r.stderr).toBe(0);
  server = await serve("cat/model.json", ["--body-limit", "2kb"], dir);
});

afterAll(async () => {
  const end = await server.stop();
  expect(end.code).toBe(0);
  expect(end.stderr).toBe(""); // no stack, no warning, ever
});

async function post(body: string | Buffer, type: string | null = "application/json") {
  const res = await fetch(`${server.url}/predict`, { method: "POST", headers: type === null ? {} : { "content-type": type }, body });
  return { status: res.status, body: await res.json() };
}

describe("POST /predict refuses a bad body with a message naming the row and field", () => {
  it("a good row is answered (the baseline)", async () => {
    const r = await predict(server.url, { rows: [good] });
    expect(r.status).toBe(200);
    expect(r.body.predictions).toHaveLength(1);
  });

  it("a missing field: 400", async () => {
    const { petal_width: _, ...row } = good;
    expect(await predict(server.url, { rows: [good, row] })).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[1].petal_width: missing field; the model needs color, code, sepal_length, sepal_width, petal_length, petal_width",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
  });

  it("a misspelt field: 400 with did you mean", async () => {
    const { petal_width, ...row } = good;
    expect(await predict(server.url, { rows: [{ ...row, petal_widht: petal_width }] })).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[0].petal_width: missing field (did you mean "petal_widht"?); the model needs color, code, sepal_length, sepal_width, petal_length, petal_width",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
  });

  it("a wrong type: 400 (a string for a number, a boolean for a category)", async () => {
    expect(await predict(server.url, { rows: [good, good, { ...good, sepal_width: "3.5" }] })).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[2].sepal_width: expected a number, got the string "3.5"",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await predict(server.url, { rows: [{ ...good, color: true }] })).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[0].color: expected a category (a string: "blue", "green", "red"), got true",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
  });

  it("an unseen category: 400, text or code", async () => {
    expect(await predict(server.url, { rows: [{ ...good, color: "purple" }] })).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[0].color: unseen category "purple": the model was trained on "blue", "green", "red"",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await predict(server.url, { rows: [{ ...good, code: 7 }] })).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[0].code: unseen category "7": the model was trained on "0", "1", "2"",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
  });

  it("null where the model was trained with data.missing: error: 400", async () => {
    expect(await predict(server.url, { rows: [{ ...good, petal_length: null }] })).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[0].petal_length: null (a missing value); send a value, or start serve with --missing mean (fill with the model's train mean) or --missing drop (answer null for the row)",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
  });

  it("a CSV body with a bad cell or an unseen category: 400 at its line and column", async () => {
    const header = "color,code,sepal_length,sepal_width,petal_length,petal_width";
    expect(await post(`${header}\nred,1,5.1,3.5,1.4,0.2\nred,1,5.1,wide,1.4,0.2\n`, "text/csv")).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "<body>:3:4: sepal_width: expected a number, got "wide" (the column holds numbers from line 2; a missing value is written as an empty cell, NA or ?)",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await post(`${header}\nred,1,5.1,3.5,1.4,0.2\nteal,1,5.1,3.5,1.4,0.2\n`, "text/csv")).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "<body>:3:1: color: unseen category "teal": the model was trained on "blue", "green", "red"",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await post(`color,code,sepal_length\nred,1,5.1\n`, "text/csv")).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "<body>:1: missing feature columns "sepal_width", "petal_length", "petal_width"; the model needs color, code, sepal_length, sepal_width, petal_length, petal_width; the file has color, code, sepal_length",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
  });

  it("malformed JSON, a body that is not {rows: [...]}: 400", async () => {
    expect(await post('{"rows": [{"sepal_length": 5.1,}]}')).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "the body is not valid JSON (Expected double-quoted property name in JSON at position 31); send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await post("")).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "the body is not valid JSON (Unexpected end of JSON input); send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await post("[1, 2]")).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "expected a JSON object {"rows": [...]}, got an array; send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await post('{"row": []}')).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "unknown key "row": the body has one key, "rows"; send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await post('{"rows": {"sepal_length": 5.1}}')).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": ""rows" must be an array of objects, got object; send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
    expect(await post('{"rows": [5]}')).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Bad Request",
          "message": "rows[0]: expected an object of feature: value (color, code, sepal_length, sepal_width, petal_length, petal_width), got 5",
          "statusCode": 400,
        },
        "status": 400,
      }
    `);
  });

  it("a body over the limit (--body-limit 2kb): 413", async () => {
    expect(await post(JSON.stringify({ rows: Array(40).fill(good) }))).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Payload Too Large",
          "message": "the body is larger than the limit of 2048 bytes (serve --body-limit); send fewer rows per request",
          "statusCode": 413,
        },
        "status": 413,
      }
    `);
  });

  it("another Content-Type, or none: 415", async () => {
    expect(await post("sepal_length=5.1", "application/x-www-form-urlencoded")).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Unsupported Media Type",
          "message": "unsupported Content-Type "application/x-www-form-urlencoded"; send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv",
          "statusCode": 415,
        },
        "status": 415,
      }
    `);
    expect(await post("5.1,3.5", null)).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Unsupported Media Type",
          "message": "unsupported Content-Type "text/plain;charset=UTF-8"; send {"rows": [{feature: value, ...}]} as application/json, or a CSV with a header row as text/csv",
          "statusCode": 415,
        },
        "status": 415,
      }
    `);
  });

  it("another route or method: 404", async () => {
    const res = await fetch(`${server.url}/predict`);
    expect({ status: res.status, body: await res.json() }).toMatchInlineSnapshot(`
      {
        "body": {
          "error": "Not Found",
          "message": "no route GET /predict; the routes are POST /predict, GET /health, GET /model",
          "statusCode": 404,
        },
        "status": 404,
      }
    `);
  });

  it("still serves after all of them", async () => {
    expect((await predict(server.url, { rows: [good] })).status).toBe(200);
  });
});

describe("mltrain serve: bad command lines exit 2 before listening", () => {
  it("a missing model file", () => {
    const r = mltrain(["serve", "nope.json", "--port", "0"], dir);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "nope.json: cannot read mltrain-model file: no such file
      ",
        "stdout": "",
      }
    `);
  });

  it("a port that is taken", async () => {
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const r = mltrain(["serve", "cat/model.json", "--port", String(port)], dir);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr.replace(String(port), "PORT") }).toMatchInlineSnapshot(`
        {
          "code": 2,
          "stderr": "mltrain: cannot listen on 127.0.0.1:PORT: EADDRINUSE (the port is taken; choose another --port, or 0 for any free port)
        ",
          "stdout": "",
        }
      `);
    } finally {
      other.close();
    }
  });

  it("a bad option value", () => {
    const r = mltrain(["serve", "cat/model.json", "--max-batch", "0"], dir);
    expect({ code: r.code, stderr: r.stderr.split("\n")[0] }).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: option '--max-batch <rows>' argument '0' is invalid. expected a positive integer",
      }
    `);
  });
});
