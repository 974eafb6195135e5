// Package archtest keeps the dependencies pointing one way (README, "Layout"):
// cli → boot, server, jobs, notify → portal → store, with nothing pointing back up.
package archtest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/bigdatacenter/portal/"

// forbidden lists, for each package, the project packages it must not import. Direct imports are
// enough: a layer that may not import another cannot reach it through a third one that obeys
// its own rules.
var forbidden = map[string][]string{
	"app/server":   {"app/store", "app/dbserver", "app/boot", "app/cli", "app/notify", "app/jobs"},
	"app/portal":   {"app/server", "app/boot", "app/cli", "app/notify", "app/jobs", "app/dbserver"},
	"app/store":    {"app/portal", "app/server", "app/boot", "app/cli", "app/mail", "app/notify", "app/jobs"},
	"app/mail":     {"app/store", "app/portal", "app/server", "app/notify"},
	"app/notify":   {"app/portal", "app/server"},
	"app/jobs":     {"app/server", "app/store"},
	"app/config":   {"app/store", "app/portal", "app/server", "app/boot", "app/cli"},
	"app/password": {"app/store", "app/portal", "app/server"},
	"app/live":     {"app/store", "app/portal", "app/server", "app/notify"},
	"backup":       {"app/portal", "app/server", "app/cli", "app/notify", "app/jobs"},
}

func TestDependenciesPointOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "../../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		rules, ok := forbidden[strings.TrimPrefix(p.ImportPath, module)]
		if !ok {
			continue
		}
		checked++
		for _, d := range p.Imports {
			for _, bad := range rules {
				if d == module+bad || strings.HasPrefix(d, module+bad+"/") {
					t.Errorf("%s imports %s", p.ImportPath, d)
				}
			}
		}
	}
	if checked != len(forbidden) {
		t.Fatalf("checked %d packages, want %d: a package was renamed or moved", checked, len(forbidden))
	}
}
