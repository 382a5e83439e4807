import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SuiteReport } from "../run/suite-report.js";
import { junitXml } from "./junit-xml.js";
import { reportMarkdown } from "./report-markdown.js";

/** Writes through a temporary file in the same directory and renames it, so a reader never sees half a file. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await writeFile(temporary, content, "utf8");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export interface WrittenReports {
  readonly json: string;
  readonly junit: string;
  readonly markdown: string;
}

/** `report.json`, `junit.xml` and `report.md` in `directory` (created if needed). */
export async function writeReports(report: SuiteReport, directory: string): Promise<WrittenReports> {
  await mkdir(directory, { recursive: true });
  const written = {
    json: join(directory, "report.json"),
    junit: join(directory, "junit.xml"),
    markdown: join(directory, "report.md"),
  };
  await writeFileAtomic(written.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFileAtomic(written.junit, junitXml(report));
  await writeFileAtomic(written.markdown, reportMarkdown(report));
  return written;
}
