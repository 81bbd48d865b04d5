package turns

// Turn is a pair of neighbouring blocks of different speakers inside one
// conversation (LENA: child–adult = 1, child–adult–child = 1,
// child–adult–child–adult = 2). LatencyMs is the silence between them,
// negative when they overlap.
type Turn struct {
	StartMs   int     `json:"start_ms"`
	EndMs     int     `json:"end_ms"`
	Initiator Speaker `json:"initiator"`
	LatencyMs int     `json:"latency_ms"`
	// ResponseMs is when the second speaker starts.
	ResponseMs int `json:"-"`
}

// block is a same-speaker run of utterances inside a conversation.
type block struct {
	speaker    Speaker
	start, end int
}

// conversations cuts the utterances at pauses of ConversationPauseMs or
// more and joins each conversation's same-speaker runs into blocks.
func conversations(cfg Config, us []Utterance) [][]block {
	var convs [][]block
	var cur []block
	for i, u := range us {
		if i > 0 && u.StartMs-us[i-1].EndMs >= cfg.ConversationPauseMs {
			convs, cur = append(convs, cur), nil
		}
		if n := len(cur); n > 0 && cur[n-1].speaker == u.Speaker {
			cur[n-1].end = max(cur[n-1].end, u.EndMs)
			continue
		}
		cur = append(cur, block{speaker: u.Speaker, start: u.StartMs, end: u.EndMs})
	}
	if len(cur) > 0 {
		convs = append(convs, cur)
	}
	return convs
}

// findTurns counts turns as LENA does: in each conversation, blocks pair
// up in order, the first with the second, the third with the fourth.
func findTurns(convs [][]block) []Turn {
	var ts []Turn
	for _, c := range convs {
		for i := 0; i+1 < len(c); i += 2 {
			a, b := c[i], c[i+1]
			ts = append(ts, Turn{StartMs: a.start, EndMs: b.end, Initiator: a.speaker,
				LatencyMs: b.start - a.end, ResponseMs: b.start})
		}
	}
	return ts
}

// Initiative is a child's block that is not itself an answer to an adult
// (no adult ended within ResponseMaxMs before it); Answered when an adult
// starts ResponseMinMs to ResponseMaxMs after it ends.
type Initiative struct {
	StartMs, EndMs int
	Answered       bool
	LatencyMs      int
	conv, index    int
}

func initiatives(cfg Config, convs [][]block) []Initiative {
	var out []Initiative
	for ci, c := range convs {
		for i, b := range c {
			if b.speaker != Child {
				continue
			}
			if i > 0 && c[i-1].speaker == Adult && b.start-c[i-1].end < cfg.ResponseMaxMs {
				continue
			}
			in := Initiative{StartMs: b.start, EndMs: b.end, conv: ci, index: i}
			if i+1 < len(c) && c[i+1].speaker == Adult {
				lat := c[i+1].start - b.end
				in.Answered = lat >= cfg.ResponseMinMs && lat <= cfg.ResponseMaxMs
				in.LatencyMs = lat
			}
			out = append(out, in)
		}
	}
	return out
}
