package app

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"

	"github.com/attune-vig/attune/internal/accounts"
	"github.com/attune-vig/attune/internal/config"
	"github.com/attune-vig/attune/internal/domain"
)

// flags parses a subcommand's flags with the shared storage options.
func flags(name string, args []string, env Env, extra func(*flag.FlagSet)) (*config.Config, error) {
	fs := flag.NewFlagSet("attune "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg := &config.Config{}
	cfg.Register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, exitCode(2)
	}
	return cfg, cfg.Finish()
}

// withDeps runs "attune NAME VERB [flags]": it checks the verb, parses the
// flags, opens attune's parts and hands them to fn.
func withDeps(ctx context.Context, env Env, args []string, name, usage string, extra func(*flag.FlagSet), fn func(*Deps) error) error {
	verb, _, _ := strings.Cut(usage, " ")
	if len(args) == 0 || args[0] != verb {
		return fmt.Errorf("use: attune %s %s", name, usage)
	}
	d, err := openCmd(ctx, env, name+" "+verb, args[1:], extra)
	if err != nil {
		return err
	}
	defer d.Close()
	return fn(d)
}

// openCmd parses a command's flags and opens attune's parts.
func openCmd(ctx context.Context, env Env, name string, args []string, extra func(*flag.FlagSet)) (*Deps, error) {
	cfg, err := flags(name, args, env, extra)
	if err != nil {
		return nil, err
	}
	env.Log = newLogger(cfg, env.Stderr)
	if name == "serve" || name == "worker" {
		// One logger for the whole process: what logs through slog's
		// default (uploads, processing, migrations, the log package) logs
		// in the configured format too.
		slog.SetDefault(env.Log)
	}
	return open(ctx, cfg, env)
}

func userCmd(ctx context.Context, args []string, env Env) error {
	var n accounts.NewUser
	return withDeps(ctx, env, args, "user", "add --email E --name N --role admin|practitioner|supervisor", func(fs *flag.FlagSet) {
		fs.StringVar(&n.Email, "email", "", "e-mail address (sign-in name)")
		fs.StringVar(&n.Name, "name", "", "the person's name")
		fs.StringVar(&n.Role, "role", "practitioner", "admin, practitioner or supervisor")
	}, func(d *Deps) error {
		line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
		n.Password = strings.TrimRight(line, "\r\n")
		u, link, err := d.Accounts.CreateUserCLI(ctx, n)
		if err != nil {
			return fmt.Errorf("%s", domain.ErrorMessage(err))
		}
		fmt.Fprintf(env.Stdout, "Added %s (%s) as %s.\n", u.Name, u.Email, u.Role.Label())
		if link != "" {
			fmt.Fprintf(env.Stdout, "No password was given on stdin. Send them this one-time link to choose one:\n  %s/reset/%s\n", d.Cfg.PublicURL, link)
		}
		return nil
	})
}

func auditCmd(ctx context.Context, args []string, env Env) error {
	return withDeps(ctx, env, args, "audit", "verify", nil, func(d *Deps) error {
		r, err := d.Chain.Verify(ctx, d.DB)
		if err != nil {
			return err
		}
		if !r.Intact() && r.FirstBad == 0 { // the chain holds; its checkpoint does not
			fmt.Fprintf(env.Stdout, "audit trail BROKEN: %s (%d entries read)\n", r.Problem, r.Entries)
			return exitCode(1)
		}
		if !r.Intact() {
			fmt.Fprintf(env.Stdout, "audit trail BROKEN at entry %d: %s (%d entries read)\n", r.FirstBad, r.Problem, r.Entries)
			return exitCode(1)
		}
		fmt.Fprintf(env.Stdout, "audit trail intact: %d entries%s\n", r.Entries, checkpointNote(r))
		return nil
	})
}
