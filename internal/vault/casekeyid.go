package vault

// isCaseKeyID is caseKeyIDPattern without the regular expression engine:
// a caseload page checks the key id of every sealed name it opens, and the
// regexp was a tenth of the page's time.
func isCaseKeyID(id string) bool {
	caseEnd := indexByteFrom(id, '.', 0)
	if caseEnd < 1 || caseEnd > 80 || !allBytes(id[:caseEnd], isCasePartByte) {
		return false
	}
	purposeEnd := indexByteFrom(id, '.', caseEnd+1)
	if purposeEnd < 0 {
		return false
	}
	purpose, random := id[caseEnd+1:purposeEnd], id[purposeEnd+1:]
	return len(purpose) >= 1 && len(purpose) <= 16 && allBytes(purpose, isLowerByte) &&
		len(random) == 16 && allBytes(random, isHexByte)
}

func indexByteFrom(s string, b byte, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func isLowerByte(c byte) bool { return 'a' <= c && c <= 'z' }

func isHexByte(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }

func isCasePartByte(c byte) bool {
	return isLowerByte(c) || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}
