package questionnaires

// RiskCodes are the answers to an item that count as a risk answer (scored
// above its risk threshold); none for an item without one.
func (it *Item) RiskCodes() []string {
	if it.RiskAbove == nil {
		return nil
	}
	var out []string
	for _, o := range it.Options {
		if s, scored, err := it.score(o.Code); err == nil && scored && s > *it.RiskAbove {
			out = append(out, o.Code)
		}
	}
	return out
}
