// Restructuring a model between rounds: merge, split, move, add and rename applied to a structure, with the
// keys renumbered where the structure changed and a lineage step per operation. Pure: the server replays the
// recorded operations (app/models/structure.server.ts), so the same input always gives the same structure.
import { AppError } from "../errors/app-error.js";

export type StructureKind = "domain" | "subdomain" | "indicator";

/**
 * `id` identifies an item through the whole study while its key may change: a base item's id is its key in
 * the base version, an item made by a restructuring gets a fresh one.
 */
export interface StructureIndicator {
  id: string;
  key: string;
  statement: string;
  levels: string[];
  terms: string[];
}
export interface StructureSubdomain {
  id: string;
  key: string;
  title: string;
  indicators: StructureIndicator[];
}
export interface StructureDomain {
  id: string;
  key: string;
  title: string;
  subdomains: StructureSubdomain[];
}
export type Structure = StructureDomain[];

interface NewIndicator {
  wording: string;
  levels: string[];
}
interface NewSubdomain {
  wording: string;
  indicators: NewIndicator[];
}

export type RestructuringOp =
  | { operation: "merge"; keys: string[]; wording: string; levels?: string[] | undefined }
  | {
      operation: "split";
      key: string;
      into: { wording: string; levels?: string[] | undefined; children?: string[] | undefined }[];
    }
  | { operation: "move"; key: string; to: string; position?: number | undefined }
  | {
      operation: "add";
      kind: StructureKind;
      parent?: string | undefined;
      key?: string | undefined;
      wording: string;
      levels?: string[] | undefined;
      indicators?: NewIndicator[] | undefined;
      subdomains?: NewSubdomain[] | undefined;
      position?: number | undefined;
    }
  | {
      operation: "rename";
      key: string;
      wording?: string | undefined;
      levels?: string[] | undefined;
      newKey?: string | undefined;
    };

export type StructureChange = "merged" | "split" | "moved" | "added" | "renamed";

/** One operation's effect, by item id (keys as they were just before and just after it). */
export interface StructureStep {
  change: StructureChange;
  kind: StructureKind;
  from: { id: string; key: string }[];
  to: { id: string; key: string }[];
}

type Node = StructureDomain | StructureSubdomain | StructureIndicator;
interface Located {
  kind: StructureKind;
  node: Node;
  /** The list holding it (domains, a domain's subdomains or a subdomain's indicators). */
  siblings: Node[];
  /** Its parent, null for a domain. */
  parent: StructureDomain | StructureSubdomain | null;
}

const invalid = (path: string, message: string) =>
  new AppError("validation", `Invalid restructuring: ${path}: ${message}`, [{ path, message }]);

export function locate(structure: Structure, key: string): Located | null {
  for (const d of structure) {
    if (d.key === key) return { kind: "domain", node: d, siblings: structure, parent: null };
    for (const s of d.subdomains) {
      if (s.key === key) return { kind: "subdomain", node: s, siblings: d.subdomains, parent: d };
      for (const i of s.indicators)
        if (i.key === key) return { kind: "indicator", node: i, siblings: s.indicators, parent: s };
    }
  }
  return null;
}

function required(structure: Structure, key: string, path: string): Located {
  const found = locate(structure, key);
  if (!found) throw invalid(path, `no item "${key}" in the current structure (dropped, merged away, or never there)`);
  return found;
}

const childrenOf = (node: Node): Node[] | null =>
  "subdomains" in node ? node.subdomains : "indicators" in node ? node.indicators : null;

/** Positional keys under every parent whose children changed; a re-keyed item re-keys its own children. */
function renumber(structure: Structure, dirty: Set<string>) {
  for (const d of structure) {
    d.subdomains.forEach((s, si) => {
      let sDirty = dirty.has(s.id);
      if (dirty.has(d.id) || !s.key.startsWith(`${d.key}.`)) {
        const key = `${d.key}.${si + 1}`;
        if (key !== s.key) sDirty = true;
        s.key = key;
      }
      s.indicators.forEach((i, ii) => {
        if (sDirty || !i.key.startsWith(`${s.key}.`)) i.key = `${s.key}.${ii + 1}`;
      });
    });
  }
}

/** An op must not leave a subdomain without indicators or a domain without subdomains (the model format). */
function assertNoneEmpty(structure: Structure, path: string) {
  for (const d of structure) {
    if (!d.subdomains.length) throw invalid(path, `would leave domain ${d.key} without subdomains`);
    for (const s of d.subdomains)
      if (!s.indicators.length) throw invalid(path, `would leave subdomain ${s.key} without indicators`);
  }
}

function checkLevels(levels: string[] | undefined, kind: StructureKind, path: string) {
  if (levels === undefined) return;
  if (kind !== "indicator") throw invalid(path, "level descriptors belong to indicators only");
  if (levels.length !== 5) throw invalid(path, `expected 5 level texts, got ${levels.length}`);
}

const clone = (structure: Structure): Structure => structure.map((d) => structuredClone(d));

/**
 * Applies one operation to a copy of `structure`. `newId` names the items it creates. Refuses (400, naming
 * the field) an operation the structure cannot represent: items of different kinds merged, a move into
 * something that is not there, a parent left empty.
 */
export function applyRestructuring(
  input: Structure,
  op: RestructuringOp,
  newId: () => string,
): { structure: Structure; step: StructureStep } {
  const structure = clone(input);
  const dirty = new Set<string>();
  let step: StructureStep;
  const keyed = (n: Node) => ({ id: n.id, key: n.key });

  switch (op.operation) {
    case "merge": {
      if (op.keys.length < 2) throw invalid("keys", "merge needs at least 2 items");
      if (new Set(op.keys).size !== op.keys.length) throw invalid("keys", "an item is named twice");
      const found = op.keys.map((k, i) => required(structure, k, `keys[${i}]`));
      const kind = found[0]!.kind;
      found.forEach((f, i) => {
        if (f.kind !== kind)
          throw invalid(`keys[${i}]`, `"${op.keys[i]}" is a ${f.kind}, not a ${kind}: only items of one kind merge`);
      });
      checkLevels(op.levels, kind, "levels");
      const from = found.map((f) => keyed(f.node));
      const id = newId();
      let result: Node;
      if (kind === "indicator") {
        const parts = found.map((f) => f.node as StructureIndicator);
        result = {
          id,
          key: "",
          statement: op.wording,
          levels: op.levels ?? [...parts[0]!.levels],
          terms: [...new Set(parts.flatMap((p) => p.terms))],
        };
      } else if (kind === "subdomain") {
        const parts = found.map((f) => f.node as StructureSubdomain);
        result = { id, key: "", title: op.wording, indicators: parts.flatMap((p) => p.indicators) };
      } else {
        const parts = found.map((f) => f.node as StructureDomain);
        result = { id, key: parts[0]!.key, title: op.wording, subdomains: parts.flatMap((p) => p.subdomains) };
      }
      for (const f of found.slice(1)) {
        f.siblings.splice(f.siblings.indexOf(f.node), 1);
        if (f.parent) dirty.add(f.parent.id);
      }
      const first = found[0]!;
      first.siblings.splice(first.siblings.indexOf(first.node), 1, result);
      if (first.parent) dirty.add(first.parent.id);
      dirty.add(id);
      assertNoneEmpty(structure, "keys");
      renumber(structure, dirty);
      step = { change: "merged", kind, from, to: [keyed(result)] };
      break;
    }
    case "split": {
      const f = required(structure, op.key, "key");
      if (op.into.length < 2) throw invalid("into", "split needs at least 2 parts");
      const children = childrenOf(f.node);
      const assigned = new Map<string, number>();
      const parts: Node[] = op.into.map((part, pi) => {
        checkLevels(part.levels, f.kind, `into[${pi}].levels`);
        const id = newId();
        if (f.kind === "indicator") {
          if (part.children !== undefined) throw invalid(`into[${pi}].children`, "an indicator has no children");
          const source = f.node as StructureIndicator;
          return {
            id,
            key: "",
            statement: part.wording,
            levels: part.levels ?? [...source.levels],
            terms: [...source.terms],
          };
        }
        if (!part.children?.length) throw invalid(`into[${pi}].children`, `assign at least one of ${op.key}'s items`);
        const picked = part.children.map((k, ci) => {
          const child = children!.find((c) => c.key === k);
          if (!child) throw invalid(`into[${pi}].children[${ci}]`, `"${k}" is not an item of ${op.key}`);
          if (assigned.has(k))
            throw invalid(`into[${pi}].children[${ci}]`, `"${k}" is already in part ${assigned.get(k)}`);
          assigned.set(k, pi);
          return child;
        });
        return f.kind === "subdomain"
          ? { id, key: "", title: part.wording, indicators: picked as StructureIndicator[] }
          : {
              id,
              key: pi === 0 ? f.node.key : `${f.node.key}-${pi + 1}`,
              title: part.wording,
              subdomains: picked as StructureSubdomain[],
            };
      });
      const left = children?.filter((c) => !assigned.has(c.key)) ?? [];
      if (left.length)
        throw invalid("into", `assign every item of ${op.key}; not assigned: ${left.map((c) => c.key).join(", ")}`);
      if (f.kind === "domain") {
        const taken = new Set(structure.map((d) => d.key));
        for (const p of parts.slice(1))
          if (taken.has(p.key)) throw invalid("into", `the domain key ${p.key} is taken: rename the domain first`);
      }
      f.siblings.splice(f.siblings.indexOf(f.node), 1, ...parts);
      if (f.parent) dirty.add(f.parent.id);
      for (const p of parts) dirty.add(p.id);
      renumber(structure, dirty);
      step = { change: "split", kind: f.kind, from: [keyed(f.node)], to: parts.map(keyed) };
      break;
    }
    case "move": {
      const f = required(structure, op.key, "key");
      if (f.kind === "domain") throw invalid("key", "a domain has no parent to move to: merge or rename it instead");
      const target = required(structure, op.to, "to");
      const parentKind = f.kind === "indicator" ? "subdomain" : "domain";
      if (target.kind !== parentKind)
        throw invalid("to", `a ${f.kind} moves into a ${parentKind}; "${op.to}" is a ${target.kind}`);
      if (target.node === f.parent) throw invalid("to", `${op.key} is already in ${op.to}`);
      const list = childrenOf(target.node)!;
      if (op.position !== undefined && op.position > list.length)
        throw invalid("position", `${op.to} has ${list.length} items: at most ${list.length}`);
      const from = keyed(f.node);
      f.siblings.splice(f.siblings.indexOf(f.node), 1);
      list.splice(op.position ?? list.length, 0, f.node);
      dirty.add(f.parent!.id).add(target.node.id);
      assertNoneEmpty(structure, "key");
      renumber(structure, dirty);
      step = { change: "moved", kind: f.kind, from: [from], to: [keyed(f.node)] };
      break;
    }
    case "add": {
      const indicator = (i: NewIndicator): StructureIndicator => ({
        id: newId(),
        key: "",
        statement: i.wording,
        levels: i.levels,
        terms: [],
      });
      const subdomain = (s: NewSubdomain): StructureSubdomain => ({
        id: newId(),
        key: "",
        title: s.wording,
        indicators: s.indicators.map(indicator),
      });
      let node: Node;
      let list: Node[];
      if (op.kind === "domain") {
        if (op.parent !== undefined) throw invalid("parent", "a domain has no parent");
        if (!op.key) throw invalid("key", "a new domain needs its code, e.g. VII");
        if (locate(structure, op.key)) throw invalid("key", `"${op.key}" is taken`);
        if (!op.subdomains?.length) throw invalid("subdomains", "a new domain needs at least 1 subdomain");
        node = { id: newId(), key: op.key, title: op.wording, subdomains: op.subdomains.map(subdomain) };
        list = structure;
      } else {
        if (op.key !== undefined) throw invalid("key", "only a new domain is given its key; others are numbered");
        if (!op.parent) throw invalid("parent", `a new ${op.kind} needs its parent's key`);
        const parent = required(structure, op.parent, "parent");
        const parentKind = op.kind === "indicator" ? "subdomain" : "domain";
        if (parent.kind !== parentKind)
          throw invalid("parent", `a ${op.kind} goes into a ${parentKind}; "${op.parent}" is a ${parent.kind}`);
        if (op.kind === "indicator") {
          if (!op.levels) throw invalid("levels", "a new indicator needs its 5 level texts");
          checkLevels(op.levels, "indicator", "levels");
          node = indicator({ wording: op.wording, levels: op.levels });
        } else {
          if (!op.indicators?.length) throw invalid("indicators", "a new subdomain needs at least 1 indicator");
          node = subdomain({ wording: op.wording, indicators: op.indicators });
        }
        list = childrenOf(parent.node)!;
        dirty.add(parent.node.id);
      }
      if (op.kind !== "indicator" && op.levels !== undefined)
        throw invalid("levels", "level descriptors belong to indicators only");
      if (op.kind !== "subdomain" && op.indicators !== undefined)
        throw invalid("indicators", "only a new subdomain lists indicators");
      if (op.kind !== "domain" && op.subdomains !== undefined)
        throw invalid("subdomains", "only a new domain lists subdomains");
      if (op.position !== undefined && op.position > list.length)
        throw invalid("position", `at most ${list.length} (the end)`);
      list.splice(op.position ?? list.length, 0, node);
      dirty.add(node.id);
      renumber(structure, dirty);
      step = { change: "added", kind: op.kind, from: [], to: [keyed(node)] };
      break;
    }
    case "rename": {
      const f = required(structure, op.key, "key");
      if (op.wording === undefined && op.levels === undefined && op.newKey === undefined)
        throw invalid("wording", "give a new wording, new levels or (for a domain) a new key");
      checkLevels(op.levels, f.kind, "levels");
      const from = keyed(f.node);
      if (op.newKey !== undefined) {
        if (f.kind !== "domain") throw invalid("newKey", "subdomain and indicator keys are numbered in their parent");
        if (/[./]/.test(op.newKey)) throw invalid("newKey", 'a domain code has no "." or "/"');
        if (op.newKey !== f.node.key && locate(structure, op.newKey))
          throw invalid("newKey", `"${op.newKey}" is taken`);
        f.node.key = op.newKey;
        dirty.add(f.node.id);
      }
      if (op.wording !== undefined) {
        if ("statement" in f.node) f.node.statement = op.wording;
        else f.node.title = op.wording;
      }
      if (op.levels) (f.node as StructureIndicator).levels = op.levels;
      renumber(structure, dirty);
      step = { change: "renamed", kind: f.kind, from: [from], to: [keyed(f.node)] };
      break;
    }
  }
  return { structure, step };
}

/** Every item of a structure with its kind and text, in model order (levels as `<key>/levels`). */
export function structureItems(structure: Structure) {
  const out: { id: string; key: string; kind: StructureKind | "levels"; text: string | string[] }[] = [];
  for (const d of structure) {
    out.push({ id: d.id, key: d.key, kind: "domain", text: d.title });
    for (const s of d.subdomains) {
      out.push({ id: s.id, key: s.key, kind: "subdomain", text: s.title });
      for (const i of s.indicators)
        out.push(
          { id: i.id, key: i.key, kind: "indicator", text: i.statement },
          { id: `${i.id}/levels`, key: `${i.key}/levels`, kind: "levels", text: i.levels },
        );
    }
  }
  return out;
}
