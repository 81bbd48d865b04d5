// Package chaos_test runs the real attune binary under load and kills it
// with SIGKILL (the whole process group, ffmpeg included) at seeded random
// moments, restarting it each time, then checks that nothing acknowledged
// was lost: every case and annotation the API answered 201 for exists,
// every upload resumed from at least the offset last acknowledged and ends
// byte-identical to the file sent, every processing job finished (jobs of
// the killed process are handed back through their stopped heartbeat), and
// the audit chain verifies.
//
//	ATTUNE_CHAOS_KILLS   kills in the run (default 6 in make test; make chaos: 200)
//	ATTUNE_CHAOS_SEED    the seed of the kill moments (default 1)
package chaos_test
