package portal

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies a failure the way a caller must react to it; the HTTP layer maps each kind to
// one status code.
type Kind int

const (
	KindInternal        Kind = iota
	KindInvalid              // the input is wrong: say what to fix
	KindUnauthenticated      // no valid session
	KindForbidden            // signed in, but the role may not do this at all
	KindNotFound             // missing, or not visible to this actor: answered alike
	KindConflict             // the state forbids it (duplicate, archived...)
	KindTooMany              // throttled: RetryAfter says when to come back
	KindTooLarge             // the upload is larger than allowed
	KindNoSpace              // the server's disk is full
)

// Error is a failure with an explicit French message for the user.
type Error struct {
	Kind       Kind
	Code       string // stable machine code, e.g. "invalid_credentials"
	Message    string // French, says what happened and what to do
	Field      string // the input field at fault, when there is one
	RetryAfter time.Duration
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

func newErr(k Kind, code, msg string) *Error { return &Error{Kind: k, Code: code, Message: msg} }

// Invalid reports bad input on one field.
func Invalid(field, msg string) *Error {
	return &Error{Kind: KindInvalid, Code: "invalid_input", Message: msg, Field: field}
}

// ErrNotFound is what an actor gets for anything missing or not theirs.
var ErrNotFound = newErr(KindNotFound, "not_found", "Élément introuvable : il n'existe pas ou vous n'y avez pas accès.")

// ErrUnauthenticated asks the user to sign in.
var ErrUnauthenticated = newErr(KindUnauthenticated, "unauthenticated", "Votre session a expiré ou vous n'êtes pas connecté : veuillez vous connecter.")

// ErrForbidden: signed in, but this role may not do this.
var ErrForbidden = newErr(KindForbidden, "forbidden", "Vous n'avez pas les droits nécessaires pour cette action.")

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var pe *Error
	ok := errors.As(err, &pe)
	return pe, ok
}
