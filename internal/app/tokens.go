package app

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/attune-vig/attune/internal/domain"
)

const tokenUsage = "create --email E [--label L] | list --email E | revoke --id ID"

// tokenCmd is `attune token create|list|revoke`.
func tokenCmd(ctx context.Context, args []string, env Env) error {
	var email, label, id string
	verbs := map[string]func(*Deps) error{
		"create": func(d *Deps) error { return tokenCreate(ctx, d, env, email, label) },
		"list":   func(d *Deps) error { return tokenList(ctx, d, env, email) },
		"revoke": func(d *Deps) error {
			return cliError(d.Accounts.RevokeTokenCLI(ctx, id), env, "Revoked the token "+id+".")
		},
	}
	if len(args) == 0 || verbs[args[0]] == nil {
		return fmt.Errorf("use: attune token %s", tokenUsage)
	}
	return withDeps(ctx, env, args, "token", args[0], func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the account the token acts as")
		fs.StringVar(&label, "label", "", "what the token is for (its name)")
		fs.StringVar(&id, "id", "", "the token's id, from attune token list")
	}, verbs[args[0]])
}

func tokenCreate(ctx context.Context, d *Deps, env Env, email, label string) error {
	tok, err := d.Accounts.CreateToken(ctx, email, label)
	if err != nil {
		return fmt.Errorf("%s", domain.ErrorMessage(err))
	}
	fmt.Fprintln(env.Stdout, tok)
	fmt.Fprintf(env.Stderr, "It works for %s; see it with `attune token list --email %s`, revoke it with `attune token revoke --id ID`.\n",
		d.Accounts.TokenLifetime.Round(time.Hour), email)
	return nil
}

func tokenList(ctx context.Context, d *Deps, env Env, email string) error {
	ts, err := d.Accounts.TokensByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("%s", domain.ErrorMessage(err))
	}
	if len(ts) == 0 {
		fmt.Fprintf(env.Stdout, "%s has no API tokens.\n", email)
		return nil
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tCREATED\tEXPIRES")
	now := time.Now()
	for _, t := range ts {
		exp := t.ExpiresAt.UTC().Format("2006-01-02 15:04")
		if t.Expired(now) {
			exp += " (expired)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", t.ID, t.Label, t.CreatedAt.UTC().Format("2006-01-02 15:04"), exp)
	}
	return w.Flush()
}

// cliError prints ok, or returns err's public message.
func cliError(err error, env Env, ok string) error {
	if err != nil {
		return fmt.Errorf("%s", domain.ErrorMessage(err))
	}
	fmt.Fprintln(env.Stdout, ok)
	return nil
}
