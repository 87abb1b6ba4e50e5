/**
 * When backups run: repeating intervals and their slots ({@link io.github.aksbackup.schedule.RepeatingInterval},
 * {@link io.github.aksbackup.schedule.SlotSchedule}), schedule time zones including Windows names
 * ({@link io.github.aksbackup.schedule.ScheduleZones}), the per-backup decision shared by engine and simulator
 * ({@link io.github.aksbackup.schedule.PolicyRules}), and the {@link io.github.aksbackup.schedule.ProtectionEngine}
 * that runs what is due at an injected clock's time through {@link io.github.aksbackup.schedule.BackupRunner},
 * {@link io.github.aksbackup.schedule.ScheduleMarkStore} and the {@code tiering} interfaces.
 */
package io.github.aksbackup.schedule;
