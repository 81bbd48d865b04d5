// Package scaleout_test runs attune as a regional service runs it: the
// real binary, two `attune serve` and two `attune worker` processes on
// 127.0.0.1 sharing one PostgreSQL database and one S3 bucket (versitygw),
// nginx in front with deploy/nginx/attune.conf, and one whole cycle of
// work spread across them, after which every invariant is checked.
package scaleout_test
