package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/depthrace/depthrace/core/params"
)

// errHelp asks for the usage text.
var errHelp = errors.New("help")

// parseFlags reads `--key value`, `--key=value` and, for the boolean keys,
// a bare `--key`; one dash works too. Every key must be in keys and given at
// most once. It returns the values by key, without the dashes.
func parseFlags(args, keys, boolKeys []string) (map[string]string, error) {
	values := map[string]string{}
	allowed := "--" + strings.Join(keys, ", --")
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "-h" || arg == "-help" || arg == "--help" {
			return nil, errHelp
		}
		key, ok := strings.CutPrefix(arg, "--")
		if !ok {
			key, ok = strings.CutPrefix(arg, "-")
		}
		if !ok || key == "" {
			return nil, fmt.Errorf("unexpected argument %q (flags: %s)", arg, allowed)
		}
		key, val, hasVal := strings.Cut(key, "=")
		if !slices.Contains(keys, key) {
			return nil, fmt.Errorf("--%s: unknown flag (allowed: %s)", key, allowed)
		}
		if _, dup := values[key]; dup {
			return nil, fmt.Errorf("--%s: given twice", key)
		}
		switch {
		case hasVal:
		case slices.Contains(boolKeys, key):
			val = "true"
		case i+1 < len(args):
			i++
			val = args[i]
		default:
			return nil, fmt.Errorf("--%s: needs a value", key)
		}
		values[key] = val
	}
	return values, nil
}

// format takes the --format flag out of values, checking it against allowed
// (the first is the default).
func format(values map[string]string, allowed ...string) (string, error) {
	f, ok := values["format"]
	delete(values, "format")
	if !ok {
		return allowed[0], nil
	}
	if !slices.Contains(allowed, f) {
		return "", &params.ValueError{Key: "format", Given: f, Reason: "must be " + strings.Join(allowed, " or ")}
	}
	return f, nil
}

// setFile reads --set as a file when the family takes sets and the value is
// not a bundled set's name. It returns nil when there is nothing to read.
func setFile(values map[string]string) ([]byte, error) {
	name, ok := values["set"]
	bundled := params.BundledSets(values["family"])
	if !ok || bundled == nil || slices.Contains(bundled, name) {
		return nil, nil // params reports sets given to families without them
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, &params.ValueError{Key: "set", Given: name,
			Reason: "neither a bundled set (" + strings.Join(bundled, ", ") + ") nor a readable file"}
	}
	return data, nil
}
