// Package password hashes and checks passwords with argon2id (OWASP parameters, PHC strings)
// and applies the password policy.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	SaltLen   int
	KeyLen    uint32
}

// Default follows OWASP's recommendation: 19 MiB, 2 iterations, 1 lane.
var Default = Params{MemoryKiB: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Hash returns the PHC string of pw.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.MemoryKiB, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMalformed means the stored hash is not an argon2id PHC string.
var ErrMalformed = errors.New("password: malformed hash")

// Verify reports whether pw matches the PHC string, and whether the hash should be renewed
// because its parameters are weaker than p.
func Verify(pw, phc string, p Params) (ok, rehash bool, err error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, false, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, ErrMalformed
	}
	var mem, t uint32
	var th uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &th); err != nil || th == 0 {
		return false, false, ErrMalformed
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, false, ErrMalformed
	}
	got := argon2.IDKey([]byte(pw), salt, t, mem, th, uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	rehash = mem < p.MemoryKiB || t < p.Time || th < p.Threads || len(want) < int(p.KeyLen)
	return ok, rehash, nil
}

// MinLength and MaxLength bound new passwords; the upper bound only stops denial of service, it
// never truncates.
const (
	MinLength = 8
	MaxLength = 256
)

//go:embed common.txt
var commonList string

var common = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
}()

// Rule is the part of the policy a password breaks.
type Rule int

const (
	TooShort  Rule = iota + 1 // fewer than MinLength characters
	TooLong                   // more than MaxLength characters
	TooCommon                 // in the list of common passwords
	IsEmail                   // the account's own e-mail address
)

// PolicyError says which rule a new password breaks; the caller words it for the user.
type PolicyError struct {
	Rule  Rule
	Limit int // the length limit of TooShort and TooLong
}

func (e *PolicyError) Error() string {
	switch e.Rule {
	case TooShort:
		return fmt.Sprintf("password shorter than %d characters", e.Limit)
	case TooLong:
		return fmt.Sprintf("password longer than %d characters", e.Limit)
	case TooCommon:
		return "password too common"
	default:
		return "password equal to the e-mail address"
	}
}

// Check applies the policy to a new password. email is refused as a password too.
func Check(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinLength:
		return &PolicyError{Rule: TooShort, Limit: MinLength}
	case n > MaxLength:
		return &PolicyError{Rule: TooLong, Limit: MaxLength}
	case common[strings.ToLower(pw)]:
		return &PolicyError{Rule: TooCommon}
	case email != "" && strings.EqualFold(pw, email):
		return &PolicyError{Rule: IsEmail}
	}
	return nil
}
