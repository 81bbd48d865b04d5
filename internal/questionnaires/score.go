package questionnaires

import "strconv"

// Score scores a response: the total (prorated when few answers are
// missing), its band and clinical range, each subscale, and risk answers.
// Answers must have passed Check.
func (in *Instrument) Score(ans Answers) Score {
	var sc Score
	sc.Total, sc.Raw, sc.Answered, sc.Missing = in.total(ans, "")
	if in.Scoring.Method == MethodNone {
		sc.Total = nil
	} else if sc.Total == nil {
		sc.Note = missingNote(sc.Missing, in.Scoring.MaxMissing, sc.Answered+sc.Missing)
	} else {
		sc.Prorated = sc.Missing > 0
		sc.Band = in.Scoring.band(*sc.Total)
		sc.Clinical = in.Scoring.Cutoff != nil && in.Scoring.clinical(*sc.Total)
	}
	for _, sub := range in.Scoring.Subscales {
		t, _, a, m := in.total(ans, sub.Key)
		sc.Subscales = append(sc.Subscales, SubscaleScore{Key: sub.Key, Title: sub.Title, Total: t, Answered: a, Missing: m})
	}
	sc.Risks = in.risks(ans)
	return sc
}

// total adds the scored items (of one subscale, or all when sub is ""),
// prorating for missing answers up to the instrument's limit.
func (in *Instrument) total(ans Answers, sub string) (total *float64, raw float64, answered, missing int) {
	for _, it := range in.Questions() {
		if !it.Scored() || (sub != "" && !has(it.Subscales, sub)) || !in.Enabled(it, ans) {
			continue
		}
		v, ok := ans[it.LinkID]
		if !ok || v == "" {
			missing++
			continue
		}
		s, scored, err := it.score(v)
		if err != nil || !scored {
			missing++
			continue
		}
		raw += s
		answered++
	}
	if answered == 0 || missing > in.Scoring.MaxMissing {
		return nil, raw, answered, missing
	}
	n := float64(answered + missing)
	t := raw
	switch in.Scoring.Method {
	case MethodMean:
		t = round(raw/float64(answered), 2)
	default:
		if missing > 0 {
			t = round(raw*n/float64(answered), 0)
		}
	}
	return &t, raw, answered, missing
}

// risks lists answers scored above an item's risk threshold.
func (in *Instrument) risks(ans Answers) []Risk {
	var out []Risk
	for _, it := range in.Questions() {
		v, ok := ans[it.LinkID]
		if it.RiskAbove == nil || !ok {
			continue
		}
		if s, scored, err := it.score(v); err == nil && scored && s > *it.RiskAbove {
			out = append(out, Risk{LinkID: it.LinkID, Text: it.Text, Answer: v})
		}
	}
	return out
}

// Enabled applies an item's enableWhen conditions to the answers so far.
func (in *Instrument) Enabled(it *Item, ans Answers) bool {
	if len(it.EnableWhen) == 0 {
		return true
	}
	for _, c := range it.EnableWhen {
		ok := c.holds(ans[c.Question])
		if ok && !it.EnableAll {
			return true
		}
		if !ok && it.EnableAll {
			return false
		}
	}
	return it.EnableAll
}

func (c Condition) holds(v string) bool {
	if c.Operator == "exists" {
		return (v != "") == (c.Answer == "true")
	}
	if v == "" {
		return false
	}
	a, errA := strconv.ParseFloat(v, 64)
	b, errB := strconv.ParseFloat(c.Answer, 64)
	numeric := errA == nil && errB == nil
	switch c.Operator {
	case "=":
		return v == c.Answer || (numeric && a == b)
	case "!=":
		return !(v == c.Answer || (numeric && a == b))
	case ">":
		return numeric && a > b
	case "<":
		return numeric && a < b
	case ">=":
		return numeric && a >= b
	case "<=":
		return numeric && a <= b
	}
	return false
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
