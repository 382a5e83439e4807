import { describe, expect, it } from "vitest";
import { splitStatements } from "./migrate.js";

describe("splitStatements", () => {
  it("splits on semicolons outside dollar-quoted bodies", () => {
    const sql =
      "CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE 'no'; END $$ LANGUAGE plpgsql;\n";
    expect(splitStatements(sql)).toEqual([
      "CREATE TABLE a (x int)",
      "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE 'no'; END $$ LANGUAGE plpgsql",
    ]);
  });
});
