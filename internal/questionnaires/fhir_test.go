package questionnaires

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/attune-vig/attune/internal/domain"
)

func loadDoc(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/parenting.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func loadExample(t *testing.T) *ImportResult {
	t.Helper()
	b, err := os.ReadFile("testdata/parenting.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := ImportFHIR(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestImportRealWorldShape(t *testing.T) {
	r := loadExample(t)
	in := r.Instrument
	if in.Key != "https://example.org/fhir/Questionnaire/parenting-example" || in.Title != "Parenting example scale" || in.Scoring.Method != MethodMean {
		t.Fatalf("header: %+v", in)
	}
	if got := len(in.Questions()); got != 7 {
		t.Errorf("questions through nested groups: %d, want 7", got)
	}
	if in.Item("role").Initial != "mother" || in.Item("role").Option("other") == nil {
		t.Errorf("initial/valueString option: %+v", in.Item("role"))
	}
	if !in.Item("q2").Reversed || in.Item("q2").Subscales[0] != "sat" {
		t.Errorf("reversed and subscale: %+v", in.Item("q2"))
	}
	if s, _ := in.Item("q1").Option("4").Value(); s != 4 {
		t.Errorf("score from the coding's extension: %v", s)
	}
	joined := strings.Join(r.Warnings, "\n")
	if len(r.Warnings) != 2 || !strings.Contains(joined, "extension[8]: the extension http://example.org/fhir/StructureDefinition/vendor-colour") ||
		!strings.Contains(joined, "item[1].item[2].type: date") {
		t.Errorf("warnings: %q", r.Warnings)
	}
}

func TestImportedScoring(t *testing.T) {
	in := loadExample(t).Instrument
	// q1 = 3; q2 = 1 reversed → 4; q3 = 4; q4 hidden (q3 > 2) so not missing.
	sc := in.Score(Answers{"q1": "3", "q2": "1", "q3": "4"})
	if sc.Total == nil || *sc.Total != 3.67 || sc.Missing != 0 || sc.Clinical {
		t.Fatalf("mean with a reversed item: %+v", sc)
	}
	if s := sc.Subscales[0]; s.Key != "sat" || *s.Total != 4 {
		t.Errorf("subscale sat: %+v", s)
	}
	// q3 = 2 shows q4, which is then missing: one missing is allowed (mean of the rest).
	sc = in.Score(Answers{"q1": "1", "q2": "4", "q3": "2"})
	if sc.Total == nil || *sc.Total != 1.33 || sc.Missing != 1 || !sc.Prorated || !sc.Clinical {
		t.Fatalf("enableWhen and prorating: %+v", sc)
	}
	if sc = in.Score(Answers{"q1": "1", "q3": "2"}); sc.Total != nil {
		t.Errorf("two missing must give no total: %+v", sc)
	}
}

func TestImportErrorsNamePath(t *testing.T) {
	base, _ := os.ReadFile("testdata/parenting.json")
	cases := []struct{ name, from, to, want string }{
		{"not a questionnaire", `"resourceType": "Questionnaire"`, `"resourceType": "Patient"`, "resourceType: is \"Patient\""},
		{"option without value", `{"valueInteger": 3}, {"valueInteger": 4}]},
      {"linkId": "q3"`, `{"valueInteger": 3}, {"valueBoolean": true}]},
      {"linkId": "q3"`, "item[2].item[1].answerOption[3]: an answer option needs"},
		{"bad score", `"valueDecimal": 2}]}`, `"valueDecimal": "two"}]}`, "item[2].item[0].answerOption[1].extension[0].valueDecimal: should be a number"},
		{"duplicate linkId", `"linkId": "q4"`, `"linkId": "q1"`, "item[2].item[3].linkId: \"q1\" is used by another item"},
		{"unknown question", `"question": "q3"`, `"question": "q9"`, "item[2].item[3].enableWhen[0].question: \"q9\""},
		{"value set", `"answerOption": [{"valueInteger": 1}, {"valueInteger": 2}, {"valueInteger": 3}, {"valueInteger": 4}]}
    ]}`, `"answerValueSet": "http://x"}]}`, "item[2].item[3].answerValueSet"},
		{"modifier", `"linkId": "intro",`, `"linkId": "intro", "modifierExtension": [{"url": "http://x/m", "valueBoolean": true}],`, "item[0].modifierExtension[0]"},
		{"bad type", `"type": "date"`, `"type": "attachment"`, "item[1].item[2].type: \"attachment\""},
		{"unknown subscale", `{"url": "key", "valueCode": "eff"}`, `{"url": "key", "valueCode": "effort"}`, "extension: item \"q1\" belongs to the subscale \"eff\""},
		{"not JSON", `"status": "active",`, `"status": "active"`, "isn't valid JSON"},
	}
	for _, c := range cases {
		doc := strings.Replace(string(base), c.from, c.to, 1)
		if doc == string(base) {
			t.Fatalf("%s: fixture text not found", c.name)
		}
		_, err := ImportFHIR([]byte(doc))
		if err == nil || domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), c.want) {
			t.Errorf("%s: got %v, want a message containing %q", c.name, err, c.want)
		}
	}
}

func TestExportRoundTrip(t *testing.T) {
	all, _ := Bundled()
	all = append(all, loadExample(t).Instrument)
	for _, in := range all {
		b, err := in.ExportFHIR()
		if err != nil {
			t.Fatal(err)
		}
		r, err := ImportFHIR(b)
		if err != nil {
			t.Fatalf("%s: re-import: %v", in.Name, err)
		}
		got := r.Instrument
		got.Source = in.Source
		if !reflect.DeepEqual(got.Items, in.Items) || !reflect.DeepEqual(got.Scoring, in.Scoring) || got.Key != in.Key {
			t.Errorf("%s: round trip changed the instrument", in.Name)
		}
	}
}

func TestResponseFHIR(t *testing.T) {
	in := bundled(t, "PHQ-9")
	b, err := in.ResponseFHIR("r1", answers("phq9", 9, 5), bundledTime)
	if err != nil {
		t.Fatal(err)
	}
	var qr struct {
		ResourceType string `json:"resourceType"`
		Status       string
		Item         []struct {
			LinkID string `json:"linkId"`
			Item   []struct {
				LinkID string `json:"linkId"`
				Answer []struct {
					ValueCoding struct{ Code string } `json:"valueCoding"`
				}
			}
		}
	}
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&qr); err != nil {
		t.Fatal(err)
	}
	if qr.ResourceType != "QuestionnaireResponse" || qr.Status != "completed" || len(qr.Item) != 1 || qr.Item[0].LinkID != "phq9-items" ||
		len(qr.Item[0].Item) != 9 || qr.Item[0].Item[0].Answer[0].ValueCoding.Code != "LA6571-9" {
		t.Errorf("response: %s", b)
	}
}
