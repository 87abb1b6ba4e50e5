package io.github.aksbackup.schedule;

import static io.github.aksbackup.retention.TestPolicies.calendarRules;
import static io.github.aksbackup.retention.TestPolicies.calendarTags;
import static io.github.aksbackup.retention.TestPolicies.defaultTag;
import static io.github.aksbackup.retention.TestPolicies.operational;
import static io.github.aksbackup.retention.TestPolicies.withVault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.ConflictException;
import io.github.aksbackup.api.DataStoreType;
import io.github.aksbackup.api.IsoDuration;
import io.github.aksbackup.api.instance.ProtectionState;
import io.github.aksbackup.api.policy.BackupCriteria;
import io.github.aksbackup.api.policy.BackupPolicy;
import io.github.aksbackup.api.policy.CopyOption;
import io.github.aksbackup.api.policy.RetentionRule;
import io.github.aksbackup.api.policy.TaggingCriteria;
import io.github.aksbackup.api.recovery.DataStoreDetail;
import io.github.aksbackup.api.recovery.DataStoreState;
import io.github.aksbackup.api.recovery.RecoveryPoint;
import io.github.aksbackup.api.recovery.RecoveryPointType;
import io.github.aksbackup.retention.TestPolicies;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtectionEngineTest {
    private static final Duration HOUR = Duration.ofHours(1);

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    /** Tag of every successful scheduled backup, by slot, as the runner saw them. */
    private static Map<Instant, String> tags(EngineFixture f) {
        Map<Instant, String> out = new LinkedHashMap<>();
        f.recorder.requests().stream().filter(r -> r.type() == RecoveryPointType.Scheduled).forEach(r -> out.put(r.time(), r.tag()));
        return out;
    }

    private static BackupPolicy dailyAt0600(RetentionRule defaultRule) {
        return TestPolicies.policy("R/2026-01-01T06:00:00Z/P1D", List.of(defaultTag()), List.of(defaultRule));
    }

    private static BackupPolicy calendarPolicy(String interval) {
        return TestPolicies.policy(interval, calendarTags(), calendarRules());
    }

    @Test
    void tagsAcrossYearMonthAndWeekBoundaries() {
        try (EngineFixture f = new EngineFixture(t("2025-12-31T12:00:00Z"))) {
            f.protect("aks1", calendarPolicy("R/2025-01-01T00:00:00+00:00/PT12H"));
            f.runDue();
            f.runUntil(t("2026-02-02T00:00:00Z"), HOUR);
            Map<Instant, String> tags = tags(f);
            assertEquals("Yearly", tags.get(t("2026-01-01T00:00:00Z")));
            assertEquals("Default", tags.get(t("2026-01-01T12:00:00Z")));
            assertEquals("Daily", tags.get(t("2026-01-02T00:00:00Z")));
            assertEquals("Daily", tags.get(t("2026-01-04T00:00:00Z"))); // Sunday
            assertEquals("Weekly", tags.get(t("2026-01-05T00:00:00Z"))); // Monday starts the ISO week
            assertEquals("Daily", tags.get(t("2026-01-31T00:00:00Z")));
            assertEquals("Monthly", tags.get(t("2026-02-01T00:00:00Z")));
            assertEquals(1 + 2 * 32 + 1, tags.size()); // 12:00 Dec 31, then two a day through Feb 1, then Feb 2 00:00
        }
    }

    @Test
    void failureInFirstSlotOfDayPassesFirstToNextSuccess() {
        try (EngineFixture f = new EngineFixture(t("2026-01-05T20:00:00Z"))) {
            f.recorder.failAt(t("2026-01-06T00:00:00Z"));
            f.protect("aks1", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            f.runDue(); // 20:00 the day before succeeds
            List<EngineEvent> events = f.runUntil(t("2026-01-06T12:00:00Z"), HOUR);
            assertEquals(1, events.stream().filter(e -> e.kind() == EngineEvent.Kind.BACKUP_FAILED).count());
            Map<Instant, String> tags = tags(f);
            assertEquals("Daily", tags.get(t("2026-01-06T04:00:00Z")));
            assertEquals("Default", tags.get(t("2026-01-06T08:00:00Z")));
            assertEquals(4, f.store.recoveryPoints("aks1").size()); // 20:00 the day before, 04:00, 08:00, 12:00
        }
    }

    @Test
    void dailySlotInBerlinGapRunsAt0330AndTagsFollowBerlinDays() {
        BackupPolicy p = TestPolicies.policy("W. Europe Standard Time", List.of("R/2026-03-20T02:30:00+01:00/P1D"),
                calendarTags(), calendarRules());
        try (EngineFixture f = new EngineFixture(t("2026-03-27T00:00:00Z"))) {
            f.protect("aks1", p);
            f.runUntil(t("2026-03-31T00:00:00Z"), Duration.ofMinutes(30));
            assertEquals(List.of(t("2026-03-27T01:30:00Z"), t("2026-03-28T01:30:00Z"), t("2026-03-29T01:30:00Z"),
                    t("2026-03-30T00:30:00Z")), List.copyOf(tags(f).keySet()));
            assertEquals("Weekly", tags(f).get(t("2026-03-30T00:30:00Z"))); // Monday in Berlin
        }
    }

    @Test
    void dailySlotInNewYorkGapAndOverlap() {
        BackupPolicy p = TestPolicies.policy("Eastern Standard Time",
                List.of("R/2026-03-01T02:30:00-05:00/P1D", "R/2026-10-01T01:30:00-04:00/P1D"), calendarTags(), calendarRules());
        try (EngineFixture f = new EngineFixture(t("2026-03-07T12:00:00Z"))) {
            f.protect("aks1", p);
            f.runUntil(t("2026-03-09T12:00:00Z"), Duration.ofMinutes(30));
            assertTrue(tags(f).containsKey(t("2026-03-08T07:30:00Z")), tags(f).toString()); // 02:30 EST gap -> 03:30 EDT
            f.runAt("2026-11-01T05:00:00Z");
            f.runUntil(t("2026-11-01T12:00:00Z"), Duration.ofMinutes(30));
            // 01:30 happens twice on Nov 1; the earlier (EDT, -04:00) is 05:30Z; 02:30 EST is 07:30Z.
            assertTrue(tags(f).containsKey(t("2026-11-01T05:30:00Z")), tags(f).toString());
            assertTrue(tags(f).containsKey(t("2026-11-01T07:30:00Z")), tags(f).toString());
            assertFalse(tags(f).containsKey(t("2026-11-01T06:30:00Z")), tags(f).toString());
        }
    }

    @Test
    void onlyFirstEligibleScheduledRecoveryPointOfDayGetsVaultCopy() {
        // 00:00/04:00/08:00 are Default (no vault); 12:00 and 16:00 are Afternoon (vault): only 12:00 gets one.
        TaggingCriteria afternoon = new TaggingCriteria("Afternoon", 10, false, List.of(new BackupCriteria(List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of("2026-01-01T12:00:00Z", "2026-01-01T16:00:00Z"))));
        BackupPolicy p = TestPolicies.policy("R/2026-01-01T00:00:00Z/PT4H", List.of(afternoon, defaultTag()),
                List.of(operational("Default", true, "P2D"), withVault("Afternoon", false, "P2D", new CopyOption.Immediate(), "P30D")));
        try (EngineFixture f = new EngineFixture(t("2026-01-05T23:30:00Z"))) {
            f.protect("aks1", p);
            f.runDue();
            f.runUntil(t("2026-01-06T17:00:00Z"), HOUR);
            Map<Instant, Boolean> vault = new LinkedHashMap<>();
            for (RecoveryPoint rp : f.store.recoveryPoints("aks1")) {
                vault.put(rp.time(), rp.store(DataStoreType.VaultStore).isPresent());
            }
            assertEquals(Map.of(t("2026-01-06T00:00:00Z"), false, t("2026-01-06T04:00:00Z"), false,
                    t("2026-01-06T08:00:00Z"), false, t("2026-01-06T12:00:00Z"), true, t("2026-01-06T16:00:00Z"), false), vault);
            // On-demand backups are exempt: another vault copy the same day.
            BackupOutcome od = f.engine().backupNow("aks1", "Afternoon");
            RecoveryPoint onDemand = f.store.find("aks1", ((BackupOutcome.Succeeded) od).recoveryPointId()).orElseThrow();
            assertEquals(DataStoreState.Available, onDemand.store(DataStoreType.VaultStore).orElseThrow().state());
            // The next day's first eligible one gets a copy again.
            f.runUntil(t("2026-01-07T13:00:00Z"), HOUR);
            assertTrue(f.store.recoveryPoints("aks1").stream().filter(rp -> rp.time().equals(t("2026-01-07T12:00:00Z")))
                    .allMatch(rp -> rp.store(DataStoreType.VaultStore).isPresent()));
        }
    }

    @Test
    void immediateCopyIsMadeInTheBackupsPassAndExpiriesRemoveTheRecoveryPoint() {
        BackupPolicy p = dailyAt0600(withVault("Default", true, "P2D", new CopyOption.Immediate(), "P5D"));
        try (EngineFixture f = new EngineFixture(t("2026-01-01T05:00:00Z"))) {
            f.protect("aks1", p);
            RunReport first = f.runAt("2026-01-01T06:00:00Z");
            String id = first.events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).recoveryPointId();
            assertEquals(1, first.events(EngineEvent.Kind.VAULT_COPIED).size());
            assertEquals(DataStoreState.Available, f.store.find("aks1", id).orElseThrow().store(DataStoreType.VaultStore).orElseThrow().state());
            f.runAt("2026-01-03T05:59:59Z");
            assertEquals(DataStoreState.Available, state(f, id, DataStoreType.OperationalStore));
            RunReport opExpiry = f.runAt("2026-01-03T06:00:00Z");
            assertTrue(opExpiry.events(EngineEvent.Kind.COPY_DELETED).stream()
                    .anyMatch(e -> e.recoveryPointId().equals(id) && e.store() == DataStoreType.OperationalStore));
            assertEquals(DataStoreState.Deleted, state(f, id, DataStoreType.OperationalStore));
            RunReport vaultExpiry = f.runAt("2026-01-06T06:00:00Z");
            assertTrue(vaultExpiry.events(EngineEvent.Kind.RECOVERY_POINT_REMOVED).stream().anyMatch(e -> e.recoveryPointId().equals(id)));
            assertTrue(f.store.find("aks1", id).isEmpty());
            assertTrue(f.store.removed().stream().anyMatch(rp -> rp.id().equals(id)));
        }
    }

    @Test
    void copyOnExpiryCopiesBeforeDeletingTheOperationalCopyInTheSamePass() {
        BackupPolicy p = dailyAt0600(withVault("Default", true, "P3D", new CopyOption.OnExpiry(), "P10D"));
        try (EngineFixture f = new EngineFixture(t("2026-01-01T06:00:00Z"))) {
            f.protect("aks1", p);
            String id = f.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).recoveryPointId();
            assertEquals(DataStoreState.Pending, state(f, id, DataStoreType.VaultStore));
            f.runAt("2026-01-04T05:00:00Z");
            assertEquals(DataStoreState.Pending, state(f, id, DataStoreType.VaultStore));
            f.runAt("2026-01-04T06:00:00Z");
            assertEquals(DataStoreState.Available, state(f, id, DataStoreType.VaultStore));
            assertEquals(DataStoreState.Deleted, state(f, id, DataStoreType.OperationalStore));
            List<RecordingTieringActions.Call> calls = f.actions.calls().stream().filter(c -> c.recoveryPointId().equals(id)).toList();
            assertEquals(List.of(new RecordingTieringActions.Call(RecordingTieringActions.Action.COPY_TO_VAULT, id, DataStoreType.VaultStore),
                    new RecordingTieringActions.Call(RecordingTieringActions.Action.DELETE_COPY, id, DataStoreType.OperationalStore)), calls);
        }
    }

    @Test
    void customCopyIsMadeAfterItsDelay() {
        BackupPolicy p = dailyAt0600(withVault("Default", true, "P7D", new CopyOption.Custom(IsoDuration.parse("P2D")), "P30D"));
        try (EngineFixture f = new EngineFixture(t("2026-01-01T06:00:00Z"))) {
            f.protect("aks1", p);
            String id = f.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).recoveryPointId();
            f.runAt("2026-01-03T05:59:00Z");
            assertEquals(DataStoreState.Pending, state(f, id, DataStoreType.VaultStore));
            f.runAt("2026-01-03T06:00:00Z");
            assertEquals(DataStoreState.Available, state(f, id, DataStoreType.VaultStore));
            assertEquals(DataStoreState.Available, state(f, id, DataStoreType.OperationalStore));
        }
    }

    @Test
    void failedVaultCopyKeepsOperationalSourceAndIsRetried() {
        BackupPolicy p = dailyAt0600(withVault("Default", true, "P3D", new CopyOption.OnExpiry(), "P10D"));
        try (EngineFixture f = new EngineFixture(t("2026-01-01T06:00:00Z"))) {
            f.protect("aks1", p);
            ProtectionEngine flaky = ProtectionEngine.builder().clock(f.clock).protectionSource(() -> f.instances)
                    .backupRunner(f.recorder).lifecycleStore(f.store).scheduleMarkStore(f.store)
                    .tieringActions(new io.github.aksbackup.tiering.TieringActions() {
                        @Override
                        public void copyToVault(RecoveryPoint rp) {
                            throw new IllegalStateException("vault unreachable");
                        }

                        @Override
                        public void deleteCopy(RecoveryPoint rp, DataStoreType store) {
                            f.actions.deleteCopy(rp, store);
                        }
                    }).build();
            try (flaky) {
                String id = flaky.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).recoveryPointId();
                f.clock.set(t("2026-01-04T06:00:00Z"));
                RunReport r = flaky.runDue();
                assertEquals("vault unreachable", r.events(EngineEvent.Kind.TIERING_FAILED).get(0).detail());
                assertEquals(DataStoreState.Available, state(f, id, DataStoreType.OperationalStore));
                assertEquals(DataStoreState.Pending, state(f, id, DataStoreType.VaultStore));
            }
            // Another engine whose vault works makes the copy, then deletes the operational copy.
            String id = f.store.recoveryPoints("aks1").get(0).id();
            f.runAt("2026-01-04T06:01:00Z");
            assertEquals(DataStoreState.Available, state(f, id, DataStoreType.VaultStore));
            assertEquals(DataStoreState.Deleted, state(f, id, DataStoreType.OperationalStore));
        }
    }

    @Test
    void tieringCatchesUpAfterDowntime() {
        BackupPolicy p = dailyAt0600(withVault("Default", true, "P3D", new CopyOption.Custom(IsoDuration.parse("P1D")), "P5D"));
        try (EngineFixture f = new EngineFixture(t("2026-01-01T06:00:00Z"))) {
            f.protect("aks1", p);
            String late = f.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).recoveryPointId();
            // Down until day 4: the vault copy (due day 1) is still worth making, then the operational copy goes.
            f.instances.set(0, new ProtectedInstance("aks1", p, ProtectionState.ProtectionStopped));
            RunReport r = f.runAt("2026-01-05T06:00:00Z");
            assertEquals(List.of(EngineEvent.Kind.VAULT_COPIED, EngineEvent.Kind.COPY_DELETED),
                    r.events().stream().map(EngineEvent::kind).toList());
            assertEquals(DataStoreState.Available, state(f, late, DataStoreType.VaultStore));
            assertEquals(DataStoreState.Deleted, state(f, late, DataStoreType.OperationalStore));
        }
        try (EngineFixture f = new EngineFixture(t("2026-01-01T06:00:00Z"))) {
            f.protect("aks1", p);
            String id = f.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).recoveryPointId();
            f.instances.set(0, new ProtectedInstance("aks1", p, ProtectionState.ProtectionStopped));
            // Down until after the vault copy would have expired: it is never made, and the RP goes.
            RunReport r = f.runAt("2026-01-07T00:00:00Z");
            assertEquals(List.of(EngineEvent.Kind.VAULT_COPY_SKIPPED_EXPIRED, EngineEvent.Kind.COPY_DELETED,
                    EngineEvent.Kind.RECOVERY_POINT_REMOVED), r.events().stream().map(EngineEvent::kind).toList());
            assertTrue(f.store.find("aks1", id).isEmpty());
            assertTrue(f.actions.calls().stream().noneMatch(c -> c.action() == RecordingTieringActions.Action.COPY_TO_VAULT));
        }
    }

    @Test
    void missedSlotsCollapseIntoOneBackupThenTheGridContinues() {
        try (EngineFixture f = new EngineFixture(t("2026-01-01T00:00:00Z"))) {
            f.protect("aks1", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            f.runDue();
            f.clock.set(t("2026-01-02T10:30:00Z")); // down for 34.5 h: slots 04:00 .. next day 08:00 missed
            RunReport r = f.runDue();
            EngineEvent collapsed = r.events(EngineEvent.Kind.MISSED_SLOTS_COLLAPSED).get(0);
            assertEquals(t("2026-01-02T08:00:00Z"), collapsed.slot());
            assertEquals("8", collapsed.detail());
            assertEquals(1, r.events(EngineEvent.Kind.BACKUP_SUCCEEDED).size());
            assertEquals("Daily", r.events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).detail());
            f.runUntil(t("2026-01-02T13:00:00Z"), HOUR);
            assertEquals(List.of(t("2026-01-01T00:00:00Z"), t("2026-01-02T08:00:00Z"), t("2026-01-02T12:00:00Z")),
                    List.copyOf(tags(f).keySet()));
        }
    }

    @Test
    void firstPassSkipsPastSlotsButRunsASlotExactlyNow() {
        try (EngineFixture f = new EngineFixture(t("2026-01-01T10:05:00Z"))) {
            f.protect("late", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            assertTrue(f.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty());
            f.runUntil(t("2026-01-01T12:00:00Z"), Duration.ofMinutes(5));
            assertEquals(List.of(t("2026-01-01T12:00:00Z")), List.copyOf(tags(f).keySet()));
        }
        try (EngineFixture f = new EngineFixture(t("2026-01-01T08:00:00Z"))) {
            f.protect("onTime", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            assertEquals(1, f.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).size());
        }
    }

    @Test
    void restartedEngineContinuesFromStoredState() {
        try (EngineFixture f = new EngineFixture(t("2026-01-06T00:00:00Z"))) {
            f.protect("aks1", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            f.runDue(); // 00:00 Tuesday -> Daily
            f.engine().close();
            try (ProtectionEngine second = f.newEngine()) {
                assertTrue(second.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty()); // 00:00 not run twice
                f.clock.set(t("2026-01-06T04:00:00Z"));
                RunReport r = second.runDue();
                assertEquals("Default", r.events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).detail()); // not first of day
            }
        }
    }

    @Test
    void stoppedProtectionTakesNoBackupsButCopiesStillExpire() {
        BackupPolicy p = dailyAt0600(operational("Default", true, "P1D"));
        try (EngineFixture f = new EngineFixture(t("2026-01-01T06:00:00Z"))) {
            f.protect("aks1", p);
            f.runDue();
            f.instances.set(0, new ProtectedInstance("aks1", p, ProtectionState.ProtectionStopped));
            RunReport r = f.runAt("2026-01-02T06:00:00Z");
            assertTrue(r.events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty());
            assertEquals(1, r.events(EngineEvent.Kind.RECOVERY_POINT_REMOVED).size());
            assertThrows(ConflictException.class, () -> f.engine().backupNow("aks1", null));
        }
    }

    @Test
    void onDemandBackupGetsDefaultTagAndNeverCountsAsFirst() {
        try (EngineFixture f = new EngineFixture(t("2026-01-05T20:00:00Z"))) {
            f.recorder.failAt(t("2026-01-06T00:00:00Z"));
            f.protect("aks1", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            f.runDue();
            f.runUntil(t("2026-01-06T01:00:00Z"), HOUR);
            BackupOutcome od = f.engine().backupNow("aks1", null);
            assertTrue(od.succeeded());
            assertEquals("Default", f.recorder.requests().get(f.recorder.requests().size() - 1).tag());
            f.engine().backupNow("aks1", "Yearly");
            assertEquals("Yearly", f.recorder.requests().get(f.recorder.requests().size() - 1).tag());
            assertThrows(io.github.aksbackup.api.InvalidInputException.class, () -> f.engine().backupNow("aks1", "Hourly"));
            f.runUntil(t("2026-01-06T04:00:00Z"), HOUR);
            assertEquals("Daily", tags(f).get(t("2026-01-06T04:00:00Z")));
        }
    }

    @Test
    void invalidPolicyOfOneInstanceDoesNotStopOthers() {
        BackupPolicy broken = TestPolicies.policy("Mars Standard Time", List.of("R/2026-01-01T00:00:00Z/PT4H"),
                calendarTags(), calendarRules());
        try (EngineFixture f = new EngineFixture(t("2026-01-01T04:00:00Z"))) {
            f.protect("broken", broken).protect("fine", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            RunReport r = f.runDue();
            assertTrue(r.events(EngineEvent.Kind.ERROR).get(0).detail().contains("Mars Standard Time"));
            assertEquals("broken", r.events(EngineEvent.Kind.ERROR).get(0).instanceName());
            assertEquals("fine", r.events(EngineEvent.Kind.BACKUP_SUCCEEDED).get(0).instanceName());
        }
    }

    @Test
    void throwingRunnerCountsAsFailedSlot() {
        try (EngineFixture f = new EngineFixture(t("2026-01-01T04:00:00Z"))) {
            f.protect("aks1", calendarPolicy("R/2026-01-01T00:00:00+00:00/PT4H"));
            f.runner = request -> {
                throw new IllegalStateException("cluster unreachable");
            };
            RunReport r = f.runDue();
            assertTrue(r.events(EngineEvent.Kind.BACKUP_FAILED).get(0).detail().contains("cluster unreachable"));
            f.runner = f.recorder;
            assertTrue(f.runDue().events(EngineEvent.Kind.BACKUP_SUCCEEDED).isEmpty()); // failed slot is not retried
        }
    }

    private static DataStoreState state(EngineFixture f, String id, DataStoreType type) {
        return f.store.find("aks1", id).orElseThrow().store(type).map(DataStoreDetail::state).orElseThrow();
    }
}
