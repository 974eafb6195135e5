package errcode

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The interface's translations, where it renders each code.
var languages = []string{"fr", "en"}

func readApiErrors(t *testing.T, lang string) (codes, labels map[string]string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "embed", "frontend", "src", "i18n", lang+".apiErrors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ApiErrors struct {
			Codes  map[string]string `json:"codes"`
			Labels map[string]string `json:"labels"`
		} `json:"apiErrors"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s.apiErrors.json: %v", lang, err)
	}
	return doc.ApiErrors.Codes, doc.ApiErrors.Labels
}

// The interface's placeholders, {{name}}; company is the interface's own (the brand).
var translationParam = regexp.MustCompile(`\{\{\s*([a-z_]+)\s*\}\}`)

// Every code the server can send is translated in both languages, in the plural forms when its
// message counts; a translation names only parameters the code sends; no translation is left
// for a code that no longer exists.
func TestEveryCodeIsTranslated(t *testing.T) {
	if len(All()) < 80 {
		t.Fatalf("only %d codes in the table", len(All()))
	}
	for _, lang := range languages {
		codes, labels := readApiErrors(t, lang)
		known := map[string]bool{}
		for _, c := range All() {
			keys := []string{c.String()}
			if c.d.frMany != "" {
				keys = []string{c.String() + "_one", c.String() + "_other"}
			}
			for _, k := range keys {
				known[k] = true
				text, ok := codes[k]
				if !ok || strings.TrimSpace(text) == "" {
					t.Errorf("%s.apiErrors.json: apiErrors.codes.%s is missing", lang, k)
					continue
				}
				for _, m := range translationParam.FindAllStringSubmatch(text, -1) {
					if m[1] != "company" && !slices.Contains(c.Params(), m[1]) {
						t.Errorf("%s.apiErrors.json: apiErrors.codes.%s names {{%s}}, which the code does not send (it sends %v)", lang, k, m[1], c.Params())
					}
				}
			}
		}
		for k := range codes {
			if !known[k] {
				t.Errorf("%s.apiErrors.json: apiErrors.codes.%s is no code of the table", lang, k)
			}
		}
		for _, l := range Labels() {
			if strings.TrimSpace(labels[l.String()]) == "" {
				t.Errorf("%s.apiErrors.json: apiErrors.labels.%s is missing", lang, l)
			}
		}
		if len(labels) != len(Labels()) {
			t.Errorf("%s.json: %d labels, the table has %d", lang, len(labels), len(Labels()))
		}
	}
}

func TestFrenchMessages(t *testing.T) {
	cases := []struct {
		code   Code
		params Params
		want   string
	}{
		{TooLong, Params{"label": LabelClientName, "max": 200}, "Le nom du client ne peut pas dépasser 200 caractères."},
		{FileTooLarge, Params{"max_bytes": Bytes(3 << 29)}, "Erreur de téléversement : le fichier dépasse la taille maximale (1,5 Go)."},
		{TooManyAttempts, Params{"count": 1}, "Trop de tentatives de connexion : réessayez dans 1 minute, ou réinitialisez votre mot de passe avec « Mot de passe oublié »."},
		{ClientNotEmpty, Params{"count": 3}, "Ce client ne peut pas être supprimé : 3 éléments y sont rattachés (utilisateurs, projets). Archivez-le plutôt : ses données restent consultables."},
		{Code{}, nil, Internal.French(nil)},
	}
	for _, c := range cases {
		if got := c.code.French(c.params); got != c.want {
			t.Errorf("%s: %q, want %q", c.code, got, c.want)
		}
	}
	if Bytes(820).French() != "820 octets" || Bytes(8<<20).French() != "8 Mo" {
		t.Errorf("sizes: %q %q", Bytes(820).French(), Bytes(8<<20).French())
	}
	if b, _ := json.Marshal(Params{"label": LabelNote, "max_bytes": Bytes(5), "code": NotFound}); string(b) != `{"code":"not_found","label":"note","max_bytes":5}` {
		t.Errorf("params in JSON: %s", b)
	}
}

func TestIDsAreSnakeCase(t *testing.T) {
	id := regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)
	for _, c := range All() {
		if !id.MatchString(c.String()) {
			t.Errorf("code %q is not snake_case", c)
		}
		if c.d.frMany != "" && !slices.Contains(c.Params(), "count") {
			t.Errorf("code %s has a plural form but no {count}", c)
		}
	}
}

// The interface shows the server's French message until its own French texts are in (they are
// fetched with the first error): both must read the same, or a reader would see one error worded
// two ways. Placeholders aside ({name} here, {{name}} there; the interface's {{company}} is the
// brand, which the table writes out).
func TestFrenchTranslationIsTheServersMessage(t *testing.T) {
	codes, labels := readApiErrors(t, "fr")
	double := regexp.MustCompile(`\{\{\s*([a-z_]+)\s*\}\}`)
	same := func(key, server, interfaceText string) {
		interfaceText = strings.ReplaceAll(interfaceText, "{{company}}", "BIGDATA CENTER")
		if double.ReplaceAllString(interfaceText, "{$1}") != server {
			t.Errorf("apiErrors.codes.%s:\n  server:    %q\n  interface: %q", key, server, interfaceText)
		}
	}
	for _, c := range All() {
		if c.d.frMany != "" {
			same(c.String()+"_one", c.d.fr, codes[c.String()+"_one"])
			same(c.String()+"_other", c.d.frMany, codes[c.String()+"_other"])
			continue
		}
		same(c.String(), c.d.fr, codes[c.String()])
	}
	for _, l := range Labels() {
		if labels[l.String()] != l.d.fr {
			t.Errorf("apiErrors.labels.%s: server %q, interface %q", l, l.d.fr, labels[l.String()])
		}
	}
}
