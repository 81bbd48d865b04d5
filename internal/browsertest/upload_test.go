package browsertest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/casework"
	"github.com/attune-vig/attune/internal/domain"
)

// TestUploadAndWatch uploads a film and a text file named like one from the
// case page: the film becomes ready and plays, seeks and has the length and
// size it was made with; the text file gets an error a person can act on.
// Then the film is deleted through its confirm page.
func TestUploadAndWatch(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "gail@example.org", domain.RolePractitioner, false)
	caseID := filmingCase(t, in, u)
	film := makeFilm(t, "bedtime.mp4", shortFilm...)
	notes := writeFile(t, "notes.mp4", "Notes from the first meeting.\nMaya wants more calm at bedtime.\n")
	dir := screenshotDir(t)
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("gail@example.org")
	p.wantPath("/")

	p.open("/cases/" + caseID)
	checkScripts := p.scriptErrors()
	p.choose(film, notes)
	watch := p.waitReady("bedtime.mp4", 60*time.Second)
	bad := p.waitRow("notes.mp4", "li.classList.contains('upload-failed')", 10*time.Second)
	if !strings.Contains(bad.Status, "video") || !strings.Contains(bad.Status, "text file") {
		t.Errorf("notes.mp4: the upload list says %q, want that it isn't a video (it looks like a text file)", bad.Status)
	}
	if got := p.text("section.recordings"); strings.Contains(got, "No recordings yet") {
		t.Errorf("the recordings card says there are no recordings while it lists uploads: %q", got)
	}
	p.look(dir, "case-uploads")

	if st := p.press(`#upload-list a[href="` + watch + `"]`); st != http.StatusOK {
		t.Fatalf("open the film: status %d", st)
	}
	p.wantPath(watch)
	p.wantText("h1", "bedtime.mp4")
	p.wantText(".summary", "0:04", "120", "640×360")
	p.checkPlayer(4, 640, 360)
	p.look(dir, "recording")
	checkScripts()

	deleteFilm(p, caseID, "bedtime.mp4")
	wantRecordings(t, in, u, caseID, 1)
}

// deleteFilm deletes the film on the page through the confirm page and
// checks the case page no longer lists it.
func deleteFilm(p *tab, caseID, name string) {
	p.t.Helper()
	film := p.path()
	p.press(`a[href="` + film + `/delete"]`)
	p.wantPath(film + "/delete")
	p.wantText("h1", "Delete", name)
	p.wantText("main", "Back to the recording", "This erases the recording for good", "Yes, delete the recording")
	if st := p.press(`form[action="` + film + `/delete"] button[type="submit"]`); st != http.StatusOK {
		p.t.Fatalf("delete the film: status %d", st)
	}
	p.wantPath("/cases/" + caseID)
	p.wantText("[role=status]", "The recording "+name, "erased")
	if got := p.text("section.recordings"); strings.Contains(got, name) {
		p.t.Errorf("the case page still lists %s after deleting it: %q", name, got)
	}
	if n := p.count(`a[href="` + film + `"]`); n != 0 {
		p.t.Errorf("the case page links to the deleted film %d times", n)
	}
	if st := p.status(film); st != http.StatusNotFound {
		p.t.Errorf("the deleted film's page: status %d, want 404", st)
	}
}

// TestUploadResumesAfterReload reloads the case page in the middle of an
// upload, chooses the same file again, and checks the upload continues into
// the same recording and the film becomes ready.
func TestUploadResumesAfterReload(t *testing.T) {
	t.Parallel()
	in := apptest.Start(t, "")
	u, _ := in.User(t, "hal@example.org", domain.RolePractitioner, false)
	caseID := filmingCase(t, in, u)
	film := makeFilm(t, "saturday.mp4", bigFilm...)
	dir := screenshotDir(t)
	p := newBrowser(t, in.URL).person(t)
	p.enterPassword("hal@example.org")
	p.wantPath("/")

	p.open("/cases/" + caseID)
	checkScripts := p.scriptErrors()
	p.throttleUploads(2_500_000)
	p.choose(film)
	mid := p.waitRow("saturday.mp4", "li.querySelector('progress').value >= 0.15", 20*time.Second)
	if mid.Progress >= 1 || !strings.Contains(mid.Status, " of ") {
		t.Fatalf("saturday.mp4 mid-upload: %+v, want some progress and a status line", mid)
	}
	p.shoot(dir, "case-uploading")
	id := p.savedUpload()

	p.reload()
	p.throttleUploads(-1)
	wantRecordings(t, in, u, caseID, 1)
	if off, size := p.uploadOffset(id); off <= 0 || off >= size {
		t.Errorf("after the reload the upload server holds %d of %d bytes, want part of the file to resume from", off, size)
	} else {
		t.Logf("after the reload the upload server holds %d of %d bytes", off, size)
	}
	p.wantText("section.recordings", "saturday.mp4", "Choose it again")
	p.choose(film)
	p.waitReady("saturday.mp4", 60*time.Second)
	if got := wantRecordings(t, in, u, caseID, 1); len(got) == 1 && (got[0].ID != id || got[0].Status != domain.RecordingReady) {
		t.Errorf("after the resumed upload the case has recording %s (%s), want %s ready", got[0].ID, got[0].Status, id)
	}
	wantOriginal(t, in, u, id, film)
	p.shoot(dir, "case-resumed")
	if n := p.listed("saturday.mp4"); n != 1 {
		t.Errorf("after the resumed upload the case page lists saturday.mp4 %d times, want once", n)
	}
	if left := p.savedUploads(); len(left) != 0 {
		t.Errorf("after the upload finished the page still keeps %q", left)
	}
	checkScripts()
}

// filmingCase opens a case for u, with the family's consent to filming, and
// returns its id.
func filmingCase(t *testing.T, in *apptest.Instance, u *domain.User) string {
	t.Helper()
	id := createCase(t, in, u, casework.Input{Reference: "VIG-2024-041",
		Focus: "Enjoying bedtime together.", Participants: []domain.Participant{
			{Role: domain.ParticipantAdult, Name: "Maya", Relation: "mother"},
			{Role: domain.ParticipantChild, Name: "Leo", BirthDate: time.Now().AddDate(-3, 0, 0).Format(time.DateOnly)},
		}})
	in.FilmingConsent(t, actor(u), id)
	return id
}

// wantRecordings checks the case has n recordings on the server, and
// returns them.
func wantRecordings(t *testing.T, in *apptest.Instance, u *domain.User, caseID string, n int) []*domain.Recording {
	t.Helper()
	got, err := in.Deps.Recordings.ForCase(context.Background(), actor(u), caseID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		var names []string
		for _, r := range got {
			names = append(names, r.Filename+" "+r.Status)
		}
		t.Errorf("the case has %d recordings on the server (%q), want %d", len(got), names, n)
	}
	return got
}

// wantOriginal checks the server stores, as the recording's original, the
// very bytes of the file on disk.
func wantOriginal(t *testing.T, in *apptest.Instance, u *domain.User, id, path string) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := in.Deps.Recordings.Open(context.Background(), actor(u), id, domain.FileOriginal, false)
	if err != nil {
		t.Fatalf("open the original of recording %s: %v", id, err)
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read the original of recording %s: %v", id, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the stored original (%d bytes, sha256 %x) differs from the file uploaded (%d bytes, sha256 %x)",
			len(got), sha256.Sum256(got), len(want), sha256.Sum256(want))
	}
}
