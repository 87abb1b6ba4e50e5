/* The page of 'aks-backup policy simulate --html': draws the embedded simulation document. */
"use strict";
AksPage.draw(() => {
  const P = AksPage;
  const sim = P.data("simulation");
  const TIERS = [
    { key: "OperationalStore", label: "Operational tier", short: "Operational", colour: "#1f5f99" },
    { key: "VaultStore", label: "Vault tier", short: "Vault", colour: "#7b3f9e" },
  ];
  const tierOf = new Map(TIERS.map((t) => [t.key, t]));
  const start = P.ms(sim.start);
  const end = P.ms(sim.end);
  const zone = sim.zone;
  const rps = sim.recoveryPoints;

  // Tags from the shortest-lived to the longest-lived, which is also their natural reading order.
  const life = new Map();
  for (const rp of rps) {
    for (const s of rp.stores) {
      life.set(rp.tag, Math.max(life.get(rp.tag) || 0, P.ms(s.expiry) - P.ms(rp.time)));
    }
  }
  const tags = [...life.keys()].sort((a, b) => life.get(a) - life.get(b) || a.localeCompare(b));
  const colour = P.colours(tags);

  // The axis runs past the window's end far enough to show copies made after it (a vault copy made when
  // the operational copy expires), so that every copy of the document has its bar.
  let lastCreated = end;
  for (const rp of rps) for (const s of rp.stores) lastCreated = Math.max(lastCreated, P.ms(s.created));
  const t1 = lastCreated + Math.max(P.HOUR, (lastCreated - start) * 0.03);

  const copies = [];
  for (const rp of rps) {
    for (const s of rp.stores) {
      const tier = tierOf.get(s.type) || { key: s.type, short: s.type };
      const created = P.ms(s.created);
      const expiry = P.ms(s.expiry);
      copies.push({
        group: tier.key, band: rp.tag, start: created, end: expiry, colour: colour.get(rp.tag),
        tip: rp.tag + " \u00b7 " + tier.short + " copy\nrecovery point " + P.zoned(P.ms(rp.time), zone)
          + "\ncopy made " + P.time(created) + "\nexpires " + P.time(expiry) + " (kept " + P.duration(expiry - created) + ")",
      });
    }
  }
  const thinned = P.thin(copies, start, t1, (b) => b.band + " \u00b7 " + (tierOf.get(b.group) || { short: b.group }).short
    + ": " + b.copies + " copies\nmade " + P.time(b.start) + " to " + P.time(b.lastStart) + "\nlast expiry " + P.time(b.end));

  const failed = sim.failedSlots || [];
  const stats = [
    { value: P.number(rps.length), label: "recovery points" },
    { value: P.number(failed.length), label: "failed slots", bad: failed.length > 0 },
  ];
  for (const t of TIERS) {
    stats.push({ value: P.number((sim.liveAtEnd || {})[t.key] || 0), label: t.short + " live at end",
      tip: "Copies in the " + t.label.toLowerCase() + " at " + P.time(end) });
  }
  if (sim.costs) stats.push({ value: sim.costs.total.toFixed(2) + " " + sim.costs.currency, label: "total cost" });
  P.header("Policy simulation: " + sim.policy, [
    P.time(start) + " \u2192 " + P.time(end) + (!P.isUtc(zone) ? " \u00b7 slots and calendar days in " + zone : ""),
  ], stats);

  const tl = P.section("Recovery points per tier", thinned.thinned
    ? "one bar per copy from creation to expiry; " + P.number(copies.length) + " copies drawn as " + P.number(thinned.bars.length)
      + " bars (copies of one tag made within " + P.duration(thinned.bucket) + " share a bar)"
    : "one bar per copy, from creation to expiry");
  const legend = tags.map((t) => ({ label: t, colour: colour.get(t) }));
  if (failed.length) legend.push({ label: "failed slot", colour: "#c62828", kind: "mark" });
  legend.push({ label: "after the window", colour: "#e6e9ec", tip: "Copies made or still live after --until" });
  P.legend(tl, legend);
  const present = TIERS.filter((t) => copies.some((c) => c.group === t.key));
  P.timeline(tl, {
    label: "recovery point copies per tier", t0: start, t1,
    groups: (present.length ? present : TIERS.slice(0, 1)).map((t) => ({ key: t.key, label: t.short, sublabel: "tier" })),
    bands: tags.map((t) => ({ key: t, label: t })),
    bars: thinned.bars,
    markers: failed.map((f) => ({ t: P.ms(f), tip: "Failed slot\n" + P.zoned(P.ms(f), zone) })),
    outside: { from: end, label: "after the window" },
    caption: "times in UTC",
  });

  const live = P.section("Live recovery points per tier", "copies that exist at each moment");
  const series = present.map((t) => ({
    label: t.label, colour: t.colour,
    points: P.liveCounts(copies.filter((c) => c.group === t.key), start, t1),
  }));
  P.legend(live, series.map((s) => ({ label: s.label, colour: s.colour, kind: "line" })));
  P.stepChart(live, { label: "live copies per tier", t0: start, t1, series, yLabel: "copies", caption: "times in UTC" });

  if (sim.costs) {
    const c = sim.costs;
    const money = (v) => Number(v).toFixed(2) + " " + c.currency;
    const parts = [
      { key: "protectedInstances", label: "Protected instances", colour: "#9aa5b1" },
      { key: "snapshot", label: "Operational tier (snapshots)", colour: "#1f5f99" },
      { key: "vault", label: "Vault tier", colour: "#7b3f9e" },
    ];
    const cost = P.section("Monthly cost per tier", "total " + money(c.total));
    P.legend(cost, parts.map((p) => ({ label: p.label, colour: p.colour })));
    P.columnChart(cost, {
      label: "monthly cost per tier", stacked: true, yLabel: c.currency, format: (v) => (Number.isInteger(v) ? String(v) : Number(v).toFixed(2)),
      categories: c.months.map((m) => ({
        label: m.month.slice(5) === "01" || c.months.length <= 12 ? m.month : m.month.slice(5), context: null,
        tip: m.month + "\n" + parts.map((p) => p.label + ": " + money(m[p.key])).join("\n") + "\ntotal: " + money(m.total),
      })),
      series: parts.map((p) => ({ label: p.label, colour: p.colour, values: c.months.map((m) => Number(m[p.key])) })),
    });
    const details = P.html("details", {}, null, cost);
    P.html("summary", {}, "Figures per month", details);
    P.table(details, [
      { label: "Month" }, { label: "Protected instances", num: true }, { label: "Snapshot GB-months", num: true },
      { label: "Operational", num: true }, { label: "Vault GB-months", num: true }, { label: "Vault", num: true },
      { label: "Total", num: true },
    ], c.months.map((m) => [m.month, money(m.protectedInstances), m.snapshotGbMonths, money(m.snapshot), m.vaultGbMonths,
      money(m.vault), money(m.total)]));
  }
  P.footer("aks-backup policy simulate \u00b7 times in UTC \u00b7 the data of this page is the --json document, embedded as "
    + "script#simulation");
});
