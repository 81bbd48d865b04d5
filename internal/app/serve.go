package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/attune-vig/attune/internal/api"
	"github.com/attune-vig/attune/internal/recordings"
	"github.com/attune-vig/attune/internal/server"
	"github.com/attune-vig/attune/internal/upload"
	"github.com/attune-vig/attune/internal/web"
)

// Handler builds the whole HTTP surface on opened dependencies.
func Handler(d *Deps) (*server.Server, http.Handler, error) {
	s := server.New(server.Config{TLS: d.Cfg.TLS(), TrustProxy: d.Cfg.TrustProxy, MetricsToken: d.Cfg.MetricsToken,
		ViewWindow: d.Cfg.AuditViewWindow}, d.Accounts, d.Log)
	s.SetTrail(d.DB.AuditView)
	s.SetCaseOf(d.caseOf)
	s.Handle("GET /healthz", server.Public, func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := d.DB.Ping(ctx); err != nil {
			http.Error(w, "database not answering", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	s.Handle("GET /metrics", server.Public, s.Metrics)
	opsMetrics(s, d)
	(&api.API{Accounts: d.Accounts, Cases: d.Cases, Recordings: d.Recordings, Lifecycle: d.Lifecycle, Analysis: d.Analysis, Films: d.Films,
		Questionnaires: d.Questionnaires, Retention: d.Retention, Moments: d.Moments}).Register(s)
	tus, err := upload.New(upload.Config{Dir: d.uploadDir(), Blobs: d.Blobs, ReserveBytes: d.Cfg.DiskReserve,
		BlobKey: func(id string) string { return recordings.BlobKey(id, id) }, Hooks: api.UploadHooks{Recordings: d.Recordings},
		Parts: d.uploadParts(), Locks: upload.DBLocker(d.DB), Log: d.Log})
	if err != nil {
		return nil, nil, err
	}
	api.RegisterUploads(s, tus)
	single, err := ssoClient(d)
	if err != nil {
		return nil, nil, err
	}
	ui, err := web.New(web.Deps{Server: s, SSO: single, Accounts: d.Accounts, Cases: d.Cases, Recordings: d.Recordings, Lifecycle: d.Lifecycle,
		Analysis: d.Analysis, Films: d.Films, DB: d.DB, PublicURL: d.Cfg.PublicURL,
		Questionnaires: d.Questionnaires, Retention: d.Retention, BreakGlass: d.BreakGlass, SAR: d.SAR, Family: d.Family, Moments: d.Moments})
	if err != nil {
		return nil, nil, err
	}
	s.SetFamily(d.Family)
	ui.Register()
	return s, s.Handler(), nil
}

func serve(ctx context.Context, args []string, env Env) error {
	d, err := openCmd(ctx, env, "serve", args, nil)
	if err != nil {
		return err
	}
	defer d.Close()
	cfg := d.Cfg
	if err := d.StartJobs(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (is another attune already running? choose another with --addr): %w", cfg.Addr, err)
	}
	if cfg.PublicURL == "http://"+cfg.Addr || cfg.PublicURL == "https://"+cfg.Addr {
		cfg.PublicURL = cfg.PublicURL[:len(cfg.PublicURL)-len(cfg.Addr)] + ln.Addr().String()
	}
	_, h, err := Handler(d)
	if err != nil {
		ln.Close()
		return err
	}
	if err := announce(ctx, d, env); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go sweep(ctx, d)
	err = run(ctx, d, h, ln)
	checkpoint(d) // at a clean shutdown
	return err
}

// announce prints where attune listens, and the first-run setup link.
func announce(ctx context.Context, d *Deps, env Env) error {
	link, err := d.Accounts.SetupLink(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "attune is ready at %s\n", d.Cfg.PublicURL)
	if link != "" {
		fmt.Fprintf(env.Stdout, "\nNo accounts yet. Open this one-time link to create the first administrator:\n  %s/setup/%s\n"+
			"(it works once and expires in 72 hours; restart attune for a new one)\n\n", d.Cfg.PublicURL, link)
	}
	return nil
}

func run(ctx context.Context, d *Deps, h http.Handler, ln net.Listener) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() {
		if d.Cfg.TLSCert != "" {
			errc <- srv.ServeTLS(ln, d.Cfg.TLSCert, d.Cfg.TLSKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// sweep removes ended sessions, checkpoints the audit trail and escalates
// risk alerts nobody acknowledged in time, every few minutes.
func sweep(ctx context.Context, d *Deps) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			escalateAlerts(ctx, d)
			if _, err := d.Family.SweepSessions(ctx); err != nil {
				d.Log.Warn("sweeping parents' sessions", "err", err)
			}
			if n, err := d.Accounts.SweepSessions(ctx); err != nil {
				d.Log.Warn("sweeping sessions", "err", err)
			} else if n > 0 {
				d.Log.Info("ended idle sessions", "count", n)
			}
			if err := d.Accounts.ForgetUnknown(ctx); err != nil {
				d.Log.Warn("forgetting old wrong-password counts", "err", err)
			}
			checkpoint(d)
		}
	}
}
