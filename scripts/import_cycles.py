#!/usr/bin/env python3
"""Import circles between the files of src/ (issue 11): which file names which.

    scripts/import_cycles.py

A file A depends on file B when A names a path that resolves to B: `crate::score::facts`,
`super::facts` (from a sibling), `self::x` — in a `use` or inline. A module's mod.rs
declaring its children, and children naming their parent module's own items, are
how Rust modules are built, not circles: edges into a mod.rs / lib.rs are left out.
Prints every strongly connected group of two or more files; none is the goal.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "src")


def module_of(path):
    rel = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib", "main"):
        rel = rel[:-1]
    return rel


files = {}
for dirpath, _, names in os.walk(ROOT):
    for n in names:
        if n.endswith(".rs"):
            p = os.path.join(dirpath, n)
            files[tuple(module_of(p))] = p

def resolve(segments):
    """The longest module prefix of `segments` that is a file."""
    for k in range(len(segments), 0, -1):
        if tuple(segments[:k]) in files:
            return tuple(segments[:k])
    return None

edges = {m: set() for m in files}
path_re = re.compile(r"\b(crate|super|self)((?:::\w+)+)")
for m, p in files.items():
    src = open(p, encoding="utf-8").read()
    src = re.sub(r"#\[cfg\(test\)\]\s*mod tests \{.*", "", src, flags=re.S)  # tests may name anything
    src = re.sub(r"//[^\n]*", "", src)  # a doc link is not a dependency
    is_mod = os.path.basename(p) in ("mod.rs", "lib.rs", "main.rs")
    here = list(m) if is_mod else list(m[:-1])  # the module `super`/`self` start from
    for root, rest in path_re.findall(src):
        segs = rest.split("::")[1:]
        if root == "crate":
            base = []
        elif root == "self":
            base = list(m)
        else:
            base = here[:-1] if is_mod else here
        target = resolve(base + segs)
        if target and target != m and os.path.basename(files[target]) not in ("mod.rs", "lib.rs", "main.rs"):
            edges[m].add(target)

# Tarjan's strongly connected components.
index, low, stack, on, groups, counter = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        g = []
        while True:
            w = stack.pop(); on.discard(w); g.append(w)
            if w == v:
                break
        if len(g) > 1:
            groups.append(g)
for v in files:
    if v not in index:
        visit(v)
print(f"{len(files)} files, {sum(len(e) for e in edges.values())} file-to-file dependencies")
for g in groups:
    print("circle:", " ↔ ".join("::".join(x) for x in sorted(g)))
print("no import circle" if not groups else f"{len(groups)} circle(s)")
sys.exit(1 if groups else 0)
