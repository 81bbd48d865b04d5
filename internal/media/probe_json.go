package media

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// probeOutput is the part of `ffprobe -show_format -show_streams` we read.
type probeOutput struct {
	Format struct {
		FormatName string `json:"format_name"`
		Duration   string `json:"duration"`
		StartTime  string `json:"start_time"`
	} `json:"format"`
	Streams []probeStream `json:"streams"`
}

type probeStream struct {
	Index            int               `json:"index"`
	TimeBase         string            `json:"time_base"`
	HasBFrames       int               `json:"has_b_frames"`
	CodecType        string            `json:"codec_type"`
	CodecName        string            `json:"codec_name"`
	Profile          string            `json:"profile"`
	PixFmt           string            `json:"pix_fmt"`
	Width            int               `json:"width"`
	Height           int               `json:"height"`
	BitsPerRawSample string            `json:"bits_per_raw_sample"`
	RFrameRate       string            `json:"r_frame_rate"`
	AvgFrameRate     string            `json:"avg_frame_rate"`
	Duration         string            `json:"duration"`
	Tags             map[string]string `json:"tags"`
	Disposition      map[string]int    `json:"disposition"`
	SideData         []struct {
		Type     string  `json:"side_data_type"`
		Rotation float64 `json:"rotation"`
	} `json:"side_data_list"`
}

func (p *probeOutput) info(demuxer string) (*Info, error) {
	if p.Format.FormatName != allowedDemuxers[demuxer] {
		return nil, reject("it is not a video format we know")
	}
	v := p.stream("video")
	if v == nil {
		return nil, reject("there is no video in it")
	}
	info := &Info{Format: p.Format.FormatName, Duration: seconds(p.Format.Duration)}
	if info.Duration <= 0 {
		info.Duration = seconds(v.Duration)
	}
	info.setVideo(v)
	if a := p.stream("audio"); a != nil {
		info.HasAudio, info.AudioCodec = true, a.CodecName
	}
	return info, nil
}

// stream returns the first stream of a kind, skipping cover art.
func (p *probeOutput) stream(kind string) *probeStream {
	for i := range p.Streams {
		s := &p.Streams[i]
		if s.CodecType == kind && s.Disposition["attached_pic"] == 0 {
			return s
		}
	}
	return nil
}

// rotation is clockwise degrees (0, 90, 180, 270) to turn the stored picture
// upright: the display matrix (counter-clockwise in ffprobe) wins over the
// legacy rotate tag.
func (s *probeStream) rotation() int {
	deg := 0.0
	if r, err := strconv.ParseFloat(s.Tags["rotate"], 64); err == nil {
		deg = r
	}
	for _, sd := range s.SideData {
		if sd.Type == "Display Matrix" {
			deg = -sd.Rotation
		}
	}
	return ((int(math.Round(deg/90))*90)%360 + 360) % 360
}

func (s *probeStream) bitDepth() int {
	if n, err := strconv.Atoi(s.BitsPerRawSample); err == nil && n > 0 {
		return n
	}
	for _, d := range []int{16, 14, 12, 10, 9} {
		if strings.Contains(s.PixFmt, strconv.Itoa(d)) {
			return d
		}
	}
	return 8
}

// seconds parses ffprobe's decimal seconds; "N/A" or garbage is 0.
func seconds(s string) time.Duration {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1e9 {
		return 0
	}
	return time.Duration(math.Round(f*1e6)) * time.Microsecond
}

// rate parses "30000/1001"; 0 when unknown.
func rate(s string) float64 {
	num, den, ok := strings.Cut(s, "/")
	n, err1 := strconv.ParseFloat(num, 64)
	d, err2 := strconv.ParseFloat(den, 64)
	if !ok || err1 != nil || err2 != nil || d == 0 {
		return 0
	}
	return n / d
}
