package api_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/app/apptest"
	"github.com/attune-vig/attune/internal/domain"
)

// A NUL character or bytes that aren't UTF-8, anywhere a person or program
// types text (JSON, a form, a CSV, the address), get a clear 400 on both
// databases; nothing is stored and the server keeps serving.
func TestNULAndInvalidUTF8GetA400(t *testing.T) {
	apptest.StartEach(t, func(t *testing.T, in *apptest.Instance) {
		in.User(t, "ann@example.org", domain.RolePractitioner, false)
		in.User(t, "admin@example.org", domain.RoleAdmin, false)
		ann := client{t, in.URL, in.Token(t, "ann@example.org")}
		adm := client{t, in.URL, in.Token(t, "admin@example.org")}
		cases := []struct {
			name, method, path, ctype, body string
			cl                              client
		}{
			{"NUL in a name (JSON escape)", "POST", "/api/v1/cases", "application/json",
				`{"reference":"K-1","participants":[{"role":"adult","name":"An\u0000n","relation":"mother"}]}`, ann},
			{"NUL in a key", "POST", "/api/v1/cases", "application/json", `{"reference":"K-1","fo\u0000cus":"x"}`, ann},
			{"bytes that aren't UTF-8", "POST", "/api/v1/cases", "application/json", "{\"reference\":\"K-\xff\xfe\"}", ann},
			{"NUL in the address", "GET", "/api/v1/cases/ab%00cd", "", "", ann},
			{"bytes that aren't UTF-8 in the query", "GET", "/api/v1/cases?after=%ff", "", "", ann},
			{"NUL in a FHIR questionnaire", "POST", "/api/v1/instruments", "application/fhir+json", `{"resourceType":"Questionnaire","title":"a\u0000"}`, adm},
		}
		for _, c := range cases {
			var e apiError
			s := c.cl.call(c.method, c.path, c.ctype, c.body, &e)
			if s != http.StatusBadRequest || e.Error.Code != "invalid" || !strings.Contains(e.Error.Message, "NUL") {
				t.Errorf("%s: %d %+v, want 400 naming the NUL or non-UTF-8 text", c.name, s, e.Error)
			}
		}
		browser := signIn(t, in.URL, "ann@example.org")
		for _, ref := range []string{"K-\x00", "K-\xff"} {
			res, err := browser.PostForm(in.URL+"/cases", url.Values{"reference": {ref}, "p0_role": {"adult"}, "p0_name": {"Ann"}})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "NUL") {
				t.Errorf("a form with %q: %d %.200s", ref, res.StatusCode, b)
			}
		}
		admin := signIn(t, in.URL, "admin@example.org")
		for name, part := range map[string][2]string{
			"a FHIR file with a NUL":                     {"file", `{"resourceType":"Questionnaire","title":"a\u0000"}`},
			"a pasted FHIR with bytes that aren't UTF-8": {"fhir", "{\"resourceType\":\"Questionnaire\",\"title\":\"\xff\"}"},
		} {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			if part[0] == "file" {
				fw, _ := mw.CreateFormFile("file", "q.json")
				fw.Write([]byte(part[1]))
			} else {
				mw.WriteField(part[0], part[1])
			}
			mw.Close()
			res, err := admin.Post(in.URL+"/admin/instruments", mw.FormDataContentType(), &body)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "NUL") {
				t.Errorf("%s: %d %.200s", name, res.StatusCode, b)
			}
		}
		var list struct{ Cases []any }
		if s := ann.call("GET", "/api/v1/cases", "", "", &list); s != 200 || len(list.Cases) != 0 {
			t.Fatalf("after the refusals: %d, %d cases stored", s, len(list.Cases))
		}
	})
}

// signIn is a browser (cookies, no redirects followed) signed in with apptest.Password.
func signIn(t *testing.T, base, email string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"email": {email}, "password": {apptest.Password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", email, res.StatusCode)
	}
	return c
}
