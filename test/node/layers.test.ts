import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Every source file under `root` (tests excluded) with the relative modules it imports. */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, false);
        graph.set(
          relative(root, path),
          importedFiles
            .map((file) => file.fileName)
            .filter((name) => name.startsWith("."))
            .map((name) => relative(root, resolve(dirname(path), name))),
        );
      }
    }
  };
  walk(root);
  return graph;
}

/** Each import cycle's files, as found by a depth-first walk. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, "open");
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

/** The layer of a file: its top folder's (or its own name's) rank; files named nowhere fail the test. */
const layerOf = (layers: string[][], file: string) =>
  layers.findIndex((layer) => layer.some((name) => file === name || file.startsWith(`${name}/`)));

/** Imports that point up: from a lower layer to a higher one. */
function arrowsUp(graph: Map<string, string[]>, layers: string[][]): string[] {
  const up: string[] = [];
  for (const [file, imports] of graph) {
    for (const imported of imports) {
      if (layerOf(layers, imported) > layerOf(layers, file)) up.push(`${file} → ${imported}`);
    }
  }
  return up;
}

/** The checks every layered worker gets: each file in a layer, no cycle, no import pointing up. */
function layered(worker: string, layers: string[][]) {
  const graph = importGraph(resolve(import.meta.dirname, "../../workers", worker, "src"));
  it("every source file is in a layer", () => {
    expect([...graph.keys()].filter((file) => layerOf(layers, file) < 0)).toEqual([]);
  });
  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });
  it("no import points up", () => {
    expect(arrowsUp(graph, layers)).toEqual([]);
  });
  return graph;
}

// Lowest first: a file may import its own layer and those below it.

describe("workers/channels: a provider-neutral floor, one adapter per provider, arrows only down", () => {
  const graph = layered("channels", [
    ["env.ts", "channel"],
    ["providers"],
    ["media"],
    ["outbound", "management"],
    ["inbound"],
    ["routes.ts"],
    ["index.ts"],
  ]);

  it("the floor knows no provider: nothing in channel/ imports a provider module", () => {
    const floor = [...graph].filter(([file]) => file.startsWith("channel/"));
    expect(floor.flatMap(([, imports]) => imports.filter((file) => file.startsWith("providers/")))).toEqual([]);
  });
});

describe("workers/chat: the conversation's data on the ground, the session object a shell on top", () => {
  const graph = layered("chat", [
    ["env.ts", "conversation", "assets"],
    ["engine"],
    ["knowledge", "webhooks", "outbound", "sockets"],
    ["presence"],
    ["session"],
    ["conversations", "customers", "simulations", "stream"],
    ["visitors"],
    ["routes"],
    ["app.ts"],
    ["rpc.ts"],
    ["index.ts"],
  ]);

  it("the ground imports nothing but itself, and the turn engine only the ground", () => {
    const outside = (folder: string, allowed: string[]) =>
      [...graph]
        .filter(([file]) => file.startsWith(`${folder}/`))
        .flatMap(([file, imports]) =>
          imports
            .filter((target) => !allowed.some((name) => target === name || target.startsWith(`${name}/`)))
            .map((target) => `${file} → ${target}`),
        );
    expect(outside("conversation", ["conversation"])).toEqual([]);
    expect(outside("engine", ["engine", "conversation", "assets", "env.ts"])).toEqual([]);
  });
});
