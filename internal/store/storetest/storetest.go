// Package storetest runs a test against every database attune supports: a
// fresh SQLite file and a fresh PostgreSQL database.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/audit"
	"github.com/attune-vig/attune/internal/store"
)

// DefaultPostgresURL is where the test script's PostgreSQL answers.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Chain is the audit chain the test databases are sealed with.
var Chain = audit.NewChain([]byte("attune test audit key, 32 bytes!"))

// Each runs fn once per database engine, each on a new, empty database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a new database file in a temporary directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "attune.db"), Chain.Seal)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Postgres creates a uniquely named database, opens it and drops it afterwards.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	url, name := NewPostgresDatabase(t)
	db, err := store.Open(context.Background(), url, Chain.Seal)
	if err != nil {
		t.Fatalf("open postgres database %s: %v", name, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// NewPostgresDatabase creates an empty database and returns its URL; it is
// dropped when the test ends. Without a server the test is skipped, except
// under CI or ATTUNE_REQUIRE_ALL=1, where it fails.
func NewPostgresDatabase(t testing.TB) (url, name string) {
	t.Helper()
	admin := os.Getenv("ATTUNE_TEST_POSTGRES_URL")
	if admin == "" {
		admin = DefaultPostgresURL
	}
	a, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := a.PingContext(ctx); err != nil {
		a.Close()
		if os.Getenv("CI") != "" || os.Getenv("ATTUNE_REQUIRE_ALL") == "1" {
			t.Fatalf("PostgreSQL is needed for this test and does not answer at %s: %v (make test starts one)", admin, err)
		}
		t.Skipf("PostgreSQL does not answer at %s (run the tests with make test, which starts one): %v", admin, err)
	}
	name = fmt.Sprintf("attune_t_%d_%d", os.Getpid(), time.Now().UnixNano())
	// CREATE DATABASE checkpoints: on a busy machine (the whole suite at
	// once) it can take far longer than a ping.
	create, cancelCreate := context.WithTimeout(context.Background(), time.Minute)
	defer cancelCreate()
	if _, err := a.ExecContext(create, "CREATE DATABASE "+name); err != nil {
		a.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		a.Close()
	})
	return withDatabase(admin, name), name
}

func withDatabase(url, name string) string {
	rest, query, _ := strings.Cut(url, "?")
	i := strings.LastIndex(rest, "/")
	if i < len("postgres://") {
		rest += "/"
		i = len(rest) - 1
	}
	out := rest[:i+1] + name
	if query != "" {
		out += "?" + query
	}
	return out
}
