#!/usr/bin/env bash
# A street's whole population loaded from its ledgers, as a community would:
#  1. the demo city (small), then a buildings ledger for the sample street
#     (18 floors × 2 units × 4 houses each, enough houses for everyone),
#  2. a residents ledger of N people (default 1,000,000) in those houses:
#     valid identity numbers (sealed, blind-indexed), phones, households of
#     1–4 with a head, key groups, party members,
#  3. `gridgov ledger import` of each, timed as a whole process, with the
#     peak memory; then a second import of the same residents file, which
#     must be refused whole (every identity number is already registered).
# Usage: bench/ledger_import.sh [--residents N] [--keep DIR]
# Needs python3 and sqlite3; ~2 GB of disk for a million residents.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/src/gridgov}
RESIDENTS=1000000
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --residents) RESIDENTS="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
WORK=${KEEP:-$(mktemp -d)}
mkdir -p "$WORK"
[ -z "$KEEP" ] && trap 'rm -rf "$WORK"' EXIT
FLAGS=(--database "sqlite:$WORK/ledger.db" --privacy-key-file "$WORK/privacy.key" --log-level warn)
STREET=420102002000  # 大智街道, the demo's sample street
timed() {  # label, then the command: prints wall seconds and peak memory
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, %M KiB peak memory" "$@"
}

echo "==> machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
rm -f "$WORK/ledger.db"*
"$BIN" demo "${FLAGS[@]}" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; exit 1; }

echo "==> buildings ledger for street $STREET"
sqlite3 -separator , "$WORK/ledger.db" \
  "SELECT m.code, MIN(b.lng), MIN(b.lat) FROM nodes m JOIN nodes bn ON bn.parent_id = m.id
     JOIN buildings b ON b.node_id = bn.id
   WHERE m.level = 'microgrid' AND m.code LIKE '${STREET:0:9}%' GROUP BY m.code" >"$WORK/microgrids.csv"
python3 - "$WORK" "$RESIDENTS" <<'PY'
import csv, sys
work, residents = sys.argv[1], int(sys.argv[2])
grids = list(csv.reader(open(f"{work}/microgrids.csv")))
per_building = 18 * 2 * 4
buildings = residents * 12 // (25 * per_building) + 1  # 2.5 people a house, and room to spare
with open(f"{work}/buildings.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["微网格编码", "楼栋名称", "经度", "纬度", "层数", "单元数", "每层户数", "用途"])
    for i in range(buildings):
        code, lng, lat = grids[i % len(grids)]
        w.writerow([code, f"台账{i + 1}栋", lng, lat, 18, 2, 4, "住宅"])
print(f"    {buildings} buildings over {len(grids)} micro-grids")
PY
timed "buildings import" "$BIN" ledger import buildings "$WORK/buildings.csv" --node "$STREET" "${FLAGS[@]}"

echo "==> residents ledger: $RESIDENTS people"
sqlite3 -separator , "$WORK/ledger.db" \
  "SELECT n.code, h.label FROM houses h JOIN nodes n ON n.id = h.building_id
   WHERE n.name LIKE '台账%' ORDER BY h.id" >"$WORK/houses.csv"
python3 - "$WORK" "$RESIDENTS" <<'PY'
import csv, random, sys, datetime
work, residents = sys.argv[1], int(sys.argv[2])
random.seed(7)
houses = list(csv.reader(open(f"{work}/houses.csv")))
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def identity(i):
    day = datetime.date(1940, 1, 1) + datetime.timedelta(days=i % 25000)
    first = f"650102{day:%Y%m%d}{i // 25000:03d}"
    return first + "10X98765432"[sum(int(a) * b for a, b in zip(first, W)) % 11]
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰"
relations = ["配偶", "子女", "子女", "父母"]
tags = ["", "", "", "", "", "", "独居老人", "残疾人", "退役军人", "低保户"]
with open(f"{work}/residents.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["楼栋编码", "房号", "姓名", "身份证号", "联系电话", "与户主关系", "党员", "重点人群"])
    i, h = 0, 0
    while i < residents:
        code, label = houses[h]
        h += 1
        for k in range(min(random.randint(1, 4), residents - i)):
            name = random.choice(surnames) + "".join(random.choices(given, k=random.randint(1, 2)))
            phone = f"13{i % 10}{i:08d}" if i % 2 == 0 else ""
            w.writerow([code, label, name, identity(i), phone, "户主" if k == 0 else relations[k - 1],
                        "是" if i % 11 == 0 else "否", tags[i % len(tags)]])
            i += 1
print(f"    {residents} residents in {h} houses")
PY
echo "    file: $(du -h "$WORK/residents.csv" | cut -f1)"
timed "residents import" "$BIN" ledger import residents "$WORK/residents.csv" --node "$STREET" "${FLAGS[@]}"
echo "==> the same file again: refused whole"
timed "residents re-import (rejected)" "$BIN" ledger import residents "$WORK/residents.csv" \
  --node "$STREET" "${FLAGS[@]}" || true
echo "==> people registered: $(sqlite3 "$WORK/ledger.db" "SELECT COUNT(*) FROM persons")"
echo "==> database file: $(du -h "$WORK/ledger.db" | cut -f1)"
