package loadtest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/auth"
	"github.com/attune-vig/attune/internal/domain"
	"github.com/attune-vig/attune/internal/store"
)

// A service's size, as the caseload issue puts it: 20,000 cases across 40
// practitioners, the measured one holding 1,000 of them, most closed.
const (
	serviceCases         = 20_000
	servicePractitioners = 40
	benchOpenCases       = 100 // of the measured practitioner's benchCases; the rest are closed
	seedBatch            = 250 // cases per transaction
)

// seedService gives u benchCases cases (benchOpenCases open, with sealed
// focus and names) and 39 other practitioners the rest of serviceCases,
// written straight through the store (the audited path would take minutes
// for 20,000). The colleagues' cases hold no sealed text: each sealed case
// makes a case key file (two fsyncs), which took the seeding to ten
// minutes, and the measured pages never open them; they are there for the
// tables' and indexes' size.
func seedService(t *testing.T, in *apptest.Instance, u *domain.User) {
	start := time.Now()
	owners := []*domain.User{u}
	for i := 1; i < servicePractitioners; i++ {
		o, _ := in.User(t, fmt.Sprintf("colleague%02d@example.org", i), domain.RolePractitioner, false)
		owners = append(owners, o)
	}
	var jobs []seedJob
	for i := 0; i < benchCases; i += seedBatch {
		jobs = append(jobs, seedJob{owner: u, from: i, n: min(seedBatch, benchCases-i), open: benchOpenCases})
	}
	others := serviceCases - benchCases
	per := others / (len(owners) - 1)
	for k, o := range owners[1:] {
		n := per
		if k == len(owners)-2 {
			n = others - per*(len(owners)-2)
		}
		for i := 0; i < n; i += seedBatch {
			jobs = append(jobs, seedJob{owner: o, from: i, n: min(seedBatch, n-i), open: n / 5, bare: true})
		}
	}
	runSeedJobs(t, in, jobs)
	t.Logf("seeded %d cases for %d practitioners in %v", serviceCases, len(owners), time.Since(start).Round(time.Second))
}

type seedJob struct {
	owner   *domain.User
	from, n int
	open    int // cases numbered below open stay open
	bare    bool
}

func runSeedJobs(t *testing.T, in *apptest.Instance, jobs []seedJob) {
	const workers = 4
	ch := make(chan seedJob)
	errs := make(chan error, len(jobs))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range ch {
				errs <- in.Deps.DB.Update(context.Background(), func(tx *store.Tx) error { return j.write(tx) })
			}
		})
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("seed the caseload: %v", err)
		}
	}
}

func (j seedJob) write(tx *store.Tx) error {
	ctx := context.Background()
	for i := j.from; i < j.from+j.n; i++ {
		c := &domain.Case{ID: auth.NewID(), OwnerID: j.owner.ID, Reference: seedReference(j.owner, i),
			Focus: "Attunement in shared play at home", Status: domain.CaseOpen,
			Participants: []domain.Participant{{ID: auth.NewID(), Role: "adult", Name: "Ann", Relation: "mother"},
				{ID: auth.NewID(), Role: "child", Name: "Sam", BirthDate: "2021-05-04"}}}
		if j.bare {
			c.Focus, c.Participants = "", []domain.Participant{{ID: auth.NewID(), Role: "adult"}, {ID: auth.NewID(), Role: "child"}}
		}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		if i < j.open {
			continue
		}
		closed := tx.Now()
		c.Status, c.ClosedAt = domain.CaseClosed, &closed
		if err := tx.UpdateCase(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// seedReference is LOAD-0000… for the measured practitioner (the pages are
// checked for those) and another prefix for each colleague.
func seedReference(owner *domain.User, i int) string {
	if owner.Email == benchEmail {
		return fmt.Sprintf("LOAD-%04d", i)
	}
	return fmt.Sprintf("%s-%04d", owner.Email[:len("colleague00")], i)
}
