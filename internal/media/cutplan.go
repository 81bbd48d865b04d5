package media

// cutPlan says how a clip of frames [first, last] is made from an H.264
// source without re-encoding more than it must (a smart cut):
//
//	[first, copyFrom)  re-encoded (the head: from the cut to the next keyframe)
//	[copyFrom, copyTo) stream-copied: whole closed GOPs, plus the start of
//	                   the last one when its packets up to last hold no later frame
//	[copyTo, last]     re-encoded (the tail, when copying it would overshoot)
//
// copyFrom == copyTo means nothing is copied: the whole clip is re-encoded.
type cutPlan struct {
	first, last      int
	copyFrom, copyTo int
}

func (p cutPlan) smart() bool { return p.copyTo > p.copyFrom }

// planCut plans a cut from the packets around it (decode order). Anything
// it cannot prove safe — an open GOP, a packet not in the frame table, a
// keyframe missing from the scan — gives a plan that re-encodes everything.
// encodeEnds keeps the first and last frames out of the copied run (they
// are encoded again from the original, see ClipSource.Original).
func planCut(g *gopScan, first, last int, encodeEnds bool) cutPlan {
	all := cutPlan{first: first, last: last, copyFrom: first, copyTo: first}
	if g == nil || g.unmatched || !closedGOPs(g.packets) {
		return all
	}
	keys := keyframesIn(g.packets)
	from, to := -1, -1
	for _, k := range keys {
		if k >= first && k <= last && from < 0 && !(encodeEnds && k == first) {
			from = k
		}
		if k <= last+1 && !(encodeEnds && k > last) {
			to = k
		}
	}
	if from < 0 || to < from {
		return all
	}
	if to <= last && !encodeEnds && prefixExact(g.packets, to, last) {
		to = last + 1
	}
	if to == from {
		return all
	}
	return cutPlan{first: first, last: last, copyFrom: from, copyTo: to}
}

// keyframesIn lists the keyframes' frame numbers in decode order.
func keyframesIn(packets []cutPacket) []int {
	var keys []int
	for _, p := range packets {
		if p.key {
			keys = append(keys, p.frame)
		}
	}
	return keys
}

// closedGOPs reports whether every packet after a keyframe (in decode
// order) shows a frame from that keyframe up to the next one: no frame
// leans on the GOP before, so any run of whole GOPs decodes on its own.
func closedGOPs(packets []cutPacket) bool {
	start, next := -1, -1
	for i, p := range packets {
		if p.key {
			start, next = p.frame, nextKey(packets[i+1:])
			continue
		}
		if start < 0 {
			continue // before the first keyframe scanned: not copied
		}
		if p.frame < start || (next >= 0 && p.frame >= next) {
			return false
		}
	}
	return true
}

func nextKey(packets []cutPacket) int {
	for _, p := range packets {
		if p.key {
			return p.frame
		}
	}
	return -1
}

// prefixExact reports whether the packets from keyframe k in decode order,
// up to the one that completes frames k..last, show no frame after last:
// then copying exactly last-k+1 packets gives exactly those frames.
func prefixExact(packets []cutPacket, k, last int) bool {
	at := -1
	for i, p := range packets {
		if p.key && p.frame == k {
			at = i
		}
	}
	if at < 0 || at+last-k+1 > len(packets) {
		return false
	}
	for _, p := range packets[at : at+last-k+1] {
		if p.frame < k || p.frame > last {
			return false
		}
	}
	return true
}
