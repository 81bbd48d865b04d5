package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestConfigFromEnvironment(t *testing.T) {
	cases := []struct {
		env  map[string]string
		args []string
		err  string
		want func(*Config) bool
	}{
		{nil, nil, "", func(c *Config) bool {
			return c.Addr == "127.0.0.1:8080" && c.MasterKeyFile == "data/master.key" && c.PublicURL == "http://127.0.0.1:8080"
		}},
		{map[string]string{"ATTUNE_MAX_UPLOAD": "1000", "ATTUNE_WORKERS": "0"}, nil, "", func(c *Config) bool { return c.MaxUpload == 1000 && c.Workers == 0 }},
		{map[string]string{"ATTUNE_QUOTA": "lots"}, nil, `ATTUNE_QUOTA="lots" is not a whole number`, nil},
		{map[string]string{"ATTUNE_WORKERS": "-1"}, nil, "ATTUNE_WORKERS", nil},
		{nil, []string{"--tls-cert", "c.pem"}, "give both --tls-cert and --tls-key", nil},
		{nil, []string{"--log-format", "xml"}, "text or json", nil},
		{map[string]string{"ATTUNE_PUBLIC_URL": "https://attune.example.org/"}, nil, "", func(c *Config) bool {
			return c.PublicURL == "https://attune.example.org" && c.TLS()
		}},
	}
	for _, tc := range cases {
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c := &Config{}
		c.Register(fs)
		if err := fs.Parse(append([]string{"--data", "data"}, tc.args...)); err != nil {
			t.Fatal(err)
		}
		err := c.Finish()
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%v %v: error %v, want one saying %q", tc.env, tc.args, err, tc.err)
			}
		} else if err != nil || !tc.want(c) {
			t.Errorf("%v %v: %+v, %v", tc.env, tc.args, c, err)
		}
		for k := range tc.env {
			t.Setenv(k, "")
		}
	}
}
