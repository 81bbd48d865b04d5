package questionnaires

import (
	"math"
	"strconv"
)

var itemTypes = map[string]string{"group": TypeGroup, "display": TypeDisplay, "choice": TypeChoice, "open-choice": TypeChoice,
	"integer": TypeInteger, "decimal": TypeDecimal, "string": TypeString, "text": TypeString, "boolean": TypeBoolean,
	"date": TypeString, "dateTime": TypeString, "time": TypeString, "url": TypeString}

func readItem(o obj, seen map[string]bool) (Item, error) {
	var it Item
	var err error
	if it.LinkID, err = o.str("linkId"); err != nil {
		return it, err
	}
	if it.LinkID == "" || len(it.LinkID) > 200 {
		return it, o.fail("linkId", "every item needs a linkId of up to 200 characters")
	}
	if seen[it.LinkID] {
		return it, o.fail("linkId", "%q is used by another item; each linkId must be unique", it.LinkID)
	}
	seen[it.LinkID] = true
	if it.Text, err = o.str("text"); err != nil {
		return it, err
	}
	if it.Prefix, err = o.str("prefix"); err != nil {
		return it, err
	}
	if it.Required, err = o.boolean("required"); err != nil {
		return it, err
	}
	typ, err := o.str("type")
	if err != nil {
		return it, err
	}
	if it.Type = itemTypes[typ]; it.Type == "" {
		return it, o.fail("type", "%q isn't an item type attune can show; use choice, integer, decimal, string, text, boolean, group or display", typ)
	}
	if it.Type == TypeString && typ != "string" && typ != "text" {
		*o.warn = append(*o.warn, o.at("type")+": "+typ+" is shown as a text box")
	}
	it.Long = typ == "text"
	if err := readMaxLength(o, &it); err != nil {
		return it, err
	}
	if err := modifiers(o); err != nil {
		return it, err
	}
	if err := itemExtensions(o, &it); err != nil {
		return it, err
	}
	if err := readChoices(o, &it); err != nil {
		return it, err
	}
	if err := readConditions(o, &it); err != nil {
		return it, err
	}
	subs, err := o.list("item")
	if err != nil {
		return it, err
	}
	if it.Type == TypeGroup && len(subs) == 0 {
		return it, o.fail("item", "a group needs at least one item inside it")
	}
	for _, so := range subs {
		sub, err := readItem(so, seen)
		if err != nil {
			return it, err
		}
		it.Items = append(it.Items, sub)
	}
	return it, nil
}

func readChoices(o obj, it *Item) error {
	if _, ok := o.m["answerValueSet"]; ok && it.Type == TypeChoice {
		return o.fail("answerValueSet", "attune can't look up answer value sets; list the answers in answerOption instead")
	}
	opts, err := o.list("answerOption")
	if err != nil {
		return err
	}
	if it.Type == TypeChoice && len(opts) == 0 {
		return o.fail("answerOption", "a choice question needs its answers listed in answerOption")
	}
	for _, oo := range opts {
		opt, err := readOption(oo)
		if err != nil {
			return err
		}
		if it.Option(opt.Code) != nil {
			return oo.fail("", "the answer %q is listed twice", opt.Code)
		}
		it.Options = append(it.Options, opt)
	}
	inits, err := o.list("initial")
	if err != nil || len(inits) == 0 {
		return err
	}
	code, err := answerValue(inits[0], "value")
	if err != nil {
		return err
	}
	if it.Type == TypeChoice && it.Option(code) == nil {
		return inits[0].fail("", "the initial answer %q isn't one of the answerOption values", code)
	}
	it.Initial = code
	return nil
}

func readOption(o obj) (Option, error) {
	var opt Option
	if c, err := o.child("valueCoding"); err != nil {
		return opt, err
	} else if c != nil {
		if opt.Code, err = c.str("code"); err != nil {
			return opt, err
		}
		if opt.Code == "" {
			return opt, c.fail("code", "the coding needs a code")
		}
		if opt.Display, err = c.str("display"); err != nil {
			return opt, err
		}
		opt.System, _ = c.str("system")
		if err := scoreExtensions(*c, &opt); err != nil {
			return opt, err
		}
	} else if f, ok, err := o.number("valueInteger"); err != nil {
		return opt, err
	} else if ok {
		n := int(f)
		opt.Code, opt.Display, opt.IntValue = strconv.Itoa(n), strconv.Itoa(n), &n
	} else if s, err := o.str("valueString"); err != nil {
		return opt, err
	} else if s != "" {
		opt.Code, opt.Display = s, s
	} else {
		return opt, o.fail("", "an answer option needs valueCoding, valueInteger or valueString")
	}
	if opt.Display == "" {
		opt.Display = opt.Code
	}
	return opt, scoreExtensions(o, &opt)
}

func readConditions(o obj, it *Item) error {
	conds, err := o.list("enableWhen")
	if err != nil {
		return err
	}
	ops := map[string]bool{"exists": true, "=": true, "!=": true, ">": true, "<": true, ">=": true, "<=": true}
	for _, co := range conds {
		var c Condition
		if c.Question, err = co.str("question"); err != nil {
			return err
		}
		if c.Operator, err = co.str("operator"); err != nil {
			return err
		}
		if !ops[c.Operator] {
			return co.fail("operator", "%q isn't an enableWhen operator; use exists, =, !=, >, <, >= or <=", c.Operator)
		}
		if c.Answer, err = answerValue(co, "answer"); err != nil {
			return err
		}
		it.EnableWhen = append(it.EnableWhen, c)
	}
	b, err := o.str("enableBehavior")
	it.EnableAll = b == "all"
	return err
}

// answerValue reads a value[x] or answer[x] as the code attune compares.
func answerValue(o obj, prefix string) (string, error) {
	if c, err := o.child(prefix + "Coding"); err != nil || c != nil {
		if err != nil {
			return "", err
		}
		return c.str("code")
	}
	for _, k := range []string{"Integer", "Decimal"} {
		if f, ok, err := o.number(prefix + k); err != nil || ok {
			return strconv.FormatFloat(f, 'f', -1, 64), err
		}
	}
	if b, ok := o.m[prefix+"Boolean"].(bool); ok {
		return strconv.FormatBool(b), nil
	}
	for _, k := range []string{"String", "Date", "DateTime"} {
		if s, err := o.str(prefix + k); err != nil || s != "" {
			return s, err
		}
	}
	return "", o.fail("", "needs a %s value (%sCoding, %sInteger, %sBoolean or %sString)", prefix, prefix, prefix, prefix, prefix)
}

// readMaxLength reads how many characters a text answer may have.
func readMaxLength(o obj, it *Item) error {
	f, ok, err := o.number("maxLength")
	if err != nil || !ok {
		return err
	}
	if f != math.Trunc(f) || f < 1 || f > MaxLengthCeiling {
		return o.fail("maxLength", "maxLength is a whole number of characters from 1 to %d", MaxLengthCeiling)
	}
	if it.Type != TypeString {
		*o.warn = append(*o.warn, o.at("maxLength")+": only text answers have a length; ignored")
		return nil
	}
	it.MaxLength = int(f)
	return nil
}
