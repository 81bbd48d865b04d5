package app

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"
)

// worker runs only the video jobs: for scale-out, beside any number of
// `attune serve` processes sharing one PostgreSQL database and blob store.
func worker(ctx context.Context, args []string, env Env) error {
	d, err := openCmd(ctx, env, "worker", args, nil)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Cfg.Workers = max(d.Cfg.Workers, 1)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := d.StartJobs(ctx); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "attune worker is running %d video job(s) at a time\n", d.Cfg.Workers)
	<-ctx.Done()
	return nil
}
