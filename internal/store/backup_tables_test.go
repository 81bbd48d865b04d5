package store

import (
	"slices"
	"strings"
	"testing"
)

func TestDependencyOrder(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tables  []string
		parents map[string][]string
		want    string // "" for an error
	}{
		{"independent", []string{"a", "b"}, nil, "a b"},
		{"child before parent in the list", []string{"child", "parent"}, map[string][]string{"child": {"parent"}}, "parent child"},
		{"chain", []string{"c", "b", "a"}, map[string][]string{"c": {"b"}, "b": {"a"}}, "a b c"},
		{"cycle", []string{"a", "b"}, map[string][]string{"a": {"b"}, "b": {"a"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := dependencyOrder(tc.tables, tc.parents)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("want an error, got %v", got)
				}
				return
			}
			if err != nil || !slices.Equal(got, strings.Fields(tc.want)) {
				t.Fatalf("got %v %v, want %s", got, err, tc.want)
			}
		})
	}
}
