/* The page of 'aks-backup vault report --html': draws the embedded report document. */
"use strict";
AksPage.draw(() => {
  const P = AksPage;
  const r = P.data("report");
  const TIERS = [
    { key: "OperationalStore", short: "Operational" },
    { key: "VaultStore", short: "Vault" },
  ];
  const STATUS = {
    Completed: { kind: "good", colour: "#59a14f" },
    CompletedWithWarnings: { kind: "warn", colour: "#e0a526" },
    Failed: { kind: "bad", colour: "#c62828" },
    Cancelled: { kind: "muted", colour: "#9aa5b1" },
    InProgress: { kind: "", colour: "#0b6bcb" },
  };
  const PROTECTION = { ProtectionConfigured: "good", ProtectionStopped: "warn", ProtectionDeleted: "muted", ProtectionError: "bad" };
  const now = P.ms(r.generated);
  const rps = r.recoveryPoints;
  const jobs = r.jobs;
  const s = r.summary;

  const saved = s.backupBytesTotal > 0 ? Math.max(0, 1 - s.backupBytesNew / s.backupBytesTotal) : null;
  const filters = [];
  if (r.instance) filters.push("instance " + r.instance);
  if (r.since) filters.push("since " + P.time(P.ms(r.since)));
  P.header("Vault report", [r.vault, "as of " + P.time(now) + (filters.length ? " \u00b7 " + filters.join(" \u00b7 ") : "")], [
    { value: P.number(s.instances), label: "instances" },
    { value: P.number(s.recoveryPoints), label: "recovery points", tip: P.number(s.storeCopies) + " copies in all tiers" },
    { value: P.number(s.jobs), label: "jobs" },
    { value: P.number(s.failedJobs), label: "failed jobs", bad: s.failedJobs > 0 },
    { value: saved === null ? "-" : (saved * 100).toFixed(1) + " %", label: "saved by dedup",
      tip: s.backups + " backups covered " + P.bytes(s.backupBytesTotal) + " and wrote " + P.bytes(s.backupBytesNew) },
  ]);

  // ---- instances ----
  const inst = P.section("Instances");
  P.table(inst, [{ label: "Instance" }, { label: "Cluster" }, { label: "Policy" }, { label: "Protection" },
    { label: "Recovery points", num: true }, { label: "Last backup", cls: "time" }, { label: "Status" }],
  r.instances.map((i) => [i.name, i.cluster, i.policy, P.badge(i.protectionState.replace(/^Protection/, ""), PROTECTION[i.protectionState]),
    P.number(i.recoveryPoints), i.lastBackup ? P.time(P.ms(i.lastBackup.time)) : "-",
    i.lastBackup ? P.badge(i.lastBackup.status, (STATUS[i.lastBackup.status] || {}).kind) : "-"]));

  // ---- timeline ----
  let t0 = now;
  for (const rp of rps) {
    t0 = Math.min(t0, P.ms(rp.time));
    for (const c of rp.stores) t0 = Math.min(t0, P.ms(c.created));
  }
  for (const j of jobs) t0 = Math.min(t0, P.ms(j.start));
  if (r.since) t0 = Math.min(t0, P.ms(r.since));
  // The future is shown for a third of the past (at least an hour): copies live on past the right edge,
  // their tooltips say until when.
  const t1 = now + Math.max(P.HOUR, (now - t0) / 3);
  const life = new Map();
  for (const rp of rps) {
    for (const c of rp.stores) {
      const e = c.expiry === null ? Infinity : P.ms(c.expiry) - P.ms(rp.time);
      life.set(rp.tag, Math.max(life.get(rp.tag) || 0, e));
    }
  }
  const tags = [...life.keys()].sort((a, b) => life.get(a) - life.get(b) || a.localeCompare(b));
  const colour = P.colours(tags);
  const bars = [];
  for (const rp of rps) {
    for (const c of rp.stores) {
      const tier = TIERS.find((t) => t.key === c.type) || { key: c.type, short: c.type };
      const created = P.ms(c.created);
      const expiry = P.ms(c.expiry);
      bars.push({
        group: rp.instance + "\u0000" + c.type, band: rp.tag, start: created, end: expiry, colour: colour.get(rp.tag),
        cls: c.state === "Pending" ? "pending" : c.state === "Deleted" ? "deleted" : null, id: rp.id,
        tip: rp.instance + " \u00b7 " + rp.tag + " \u00b7 " + tier.short + " copy (" + c.state + ")\nrecovery point " + rp.id
          + "\ntaken " + P.time(P.ms(rp.time)) + " \u00b7 " + rp.type + " \u00b7 " + rp.status
          + "\n" + (c.state === "Pending" ? "copy due " : "copy made ") + P.time(created)
          + "\n" + (expiry === null ? "never expires" : "expires " + P.time(expiry))
          + "\n" + P.number(rp.objects) + " objects, " + P.bytes(rp.bytes) + (rp.volumes ? ", " + rp.volumes + " volume snapshots" : ""),
      });
    }
  }
  const groups = [];
  for (const i of r.instances) {
    for (const t of TIERS) {
      if (bars.some((b) => b.group === i.name + "\u0000" + t.key)) {
        groups.push({ key: i.name + "\u0000" + t.key, label: i.name, sublabel: t.short + " tier" });
      }
    }
  }
  const thinned = P.thin(bars, t0, t1, (b) => b.group.replace("\u0000", " \u00b7 ") + " \u00b7 " + b.band + ": " + b.copies
    + " copies\nmade " + P.time(b.start) + " to " + P.time(b.lastStart) + "\nlast expiry " + P.time(b.end));
  const tl = P.section("Recovery points per tier", thinned.thinned
    ? P.number(bars.length) + " copies drawn as " + P.number(thinned.bars.length) + " bars (copies of one tag made within "
      + P.duration(thinned.bucket) + " share a bar)"
    : "one bar per copy, from creation to expiry; jobs below");
  const legend = tags.map((t) => ({ label: t, colour: colour.get(t) }));
  if (bars.some((b) => b.cls === "pending")) legend.push({ label: "copy pending", colour: "#ffffff", kind: "pending" });
  if (bars.some((b) => b.cls === "deleted")) legend.push({ label: "copy deleted", colour: "#4e79a7", kind: "deleted" });
  const statuses = Object.keys(STATUS).filter((k) => jobs.some((j) => j.status === k));
  for (const k of statuses) legend.push({ label: "job " + k, colour: STATUS[k].colour });
  if (s.failedJobs) legend.push({ label: "failed job", colour: "#c62828", kind: "mark" });
  P.legend(tl, legend);
  P.timeline(tl, {
    label: "recovery point copies per instance and tier, and jobs", t0, t1, now,
    groups: groups.length ? groups : [{ key: "-", label: "no copies" }],
    bands: tags.map((t) => ({ key: t, label: t })),
    bars: thinned.bars,
    groupHeight: Math.max(60, 260 / Math.max(1, groups.length)),
    rows: [{
      label: "Jobs",
      items: jobs.map((j) => ({
        start: P.ms(j.start), end: j.end === null ? now : P.ms(j.end), colour: (STATUS[j.status] || STATUS.InProgress).colour, cls: "job",
        tip: j.operation + (j.instance ? " of " + j.instance : "") + " \u00b7 " + j.status + "\nstarted " + P.time(P.ms(j.start))
          + "\nduration " + (j.end === null ? "running" : P.duration(P.ms(j.end) - P.ms(j.start)))
          + (j.errors.length ? "\n" + j.errors[0].code + ": " + j.errors[0].message : ""),
      })),
    }],
    markers: jobs.filter((j) => j.status === "Failed").map((j) => ({
      t: P.ms(j.start), tip: "Failed " + j.operation + (j.instance ? " of " + j.instance : "") + "\n" + P.time(P.ms(j.start))
        + (j.errors.length ? "\n" + j.errors[0].code + ": " + j.errors[0].message : ""),
    })),
    caption: "times in UTC",
  });

  // ---- bytes per backup ----
  const backups = jobs.filter((j) => j.operation === "Backup").slice().reverse();
  const bytesSection = P.section("Data per backup", saved === null ? "no backups"
    : s.backups + " backups covered " + P.bytes(s.backupBytesTotal) + ", wrote " + P.bytes(s.backupBytesNew)
      + " \u2014 " + (saved * 100).toFixed(1) + " % saved by deduplication and compression");
  if (backups.length) {
    const MAX_COLUMNS = 120;
    const per = Math.ceil(backups.length / MAX_COLUMNS);
    const cols = [];
    for (let i = 0; i < backups.length; i += per) {
      const part = backups.slice(i, i + per);
      const first = P.ms(part[0].start);
      const total = part.reduce((a, j) => a + j.counts.bytesTotal, 0);
      const written = part.reduce((a, j) => a + j.counts.bytesNew, 0);
      cols.push({
        label: P.shortDate(first), context: P.clock(first),
        tip: (part.length > 1 ? part.length + " backups from " : "Backup ") + P.time(P.ms(part[0].start))
          + (part.length === 1 ? " of " + part[0].instance + " \u00b7 " + part[0].status : "")
          + "\ncovered " + P.bytes(total) + "\nwrote " + P.bytes(written)
          + (total > 0 ? " (" + (100 * written / total).toFixed(2) + " %)" : ""),
        total, written,
      });
    }
    P.legend(bytesSection, [
      { label: "covered (objects' JSON)", colour: "#b8c7d9" },
      { label: "written to the vault (new, compressed)", colour: "#1f5f99" },
    ]);
    P.columnChart(bytesSection, {
      label: "bytes covered and written per backup", categories: cols, yLabel: "bytes", format: P.bytes, unit: P.byteUnit,
      series: [
        { label: "covered", colour: "#b8c7d9", values: cols.map((c) => c.total) },
        { label: "written", colour: "#1f5f99", values: cols.map((c) => c.written) },
      ],
    });
    if (per > 1) P.html("div", { class: "note" }, "Each column sums " + per + " consecutive backups.", bytesSection);
  }

  // ---- jobs ----
  const MAX_ROWS = 200;
  const jobSection = P.section("Jobs", jobs.length > MAX_ROWS ? "newest " + MAX_ROWS + " of " + P.number(jobs.length) : "newest first");
  P.table(jobSection, [{ label: "Started", cls: "time" }, { label: "Operation", cls: "nowrap" }, { label: "Instance", cls: "nowrap" },
    { label: "Status" },
    { label: "Duration", num: true }, { label: "Items", num: true }, { label: "Failed", num: true }, { label: "Covered", num: true },
    { label: "Written", num: true }, { label: "Errors and warnings" }],
  jobs.slice(0, MAX_ROWS).map((j) => {
    const problems = P.html("div", {});
    for (const e of j.errors) P.html("div", { class: "error" }, e.code + ": " + e.message + (e.item ? " (" + e.item + ")" : ""), problems);
    if (j.warnings.length) P.html("div", { class: "note", "data-tip": j.warnings.slice(0, 10).join("\n") },
      j.warnings.length + (j.warnings.length === 1 ? " warning" : " warnings"), problems);
    return [P.time(P.ms(j.start)), j.operation, j.instance, P.badge(j.status, (STATUS[j.status] || {}).kind),
      j.end === null ? "running" : P.duration(P.ms(j.end) - P.ms(j.start)), P.number(j.counts.succeeded), P.number(j.counts.failed),
      P.bytes(j.counts.bytesTotal), P.bytes(j.counts.bytesNew), problems];
  }));
  P.footer("aks-backup vault report \u00b7 times in UTC \u00b7 the data of this page is the --json document, embedded as script#report");
});
