package portal

import (
	"errors"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
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
	KindUnavailable          // a dependency (the file store) fails now: try again later
)

// Error is a failure the user can act on: a code of the errcode table and its parameters, from
// which the interface writes the message in the reader's language.
type Error struct {
	Kind       Kind
	Code       errcode.Code
	Params     errcode.Params // the values the code's message names (limits, names, label)
	Field      string         // the input field at fault, when there is one
	RetryAfter time.Duration
}

// Message is the French text of the error, for API clients and the command line.
func (e *Error) Message() string { return e.Code.French(e.Params) }

func (e *Error) Error() string { return e.Code.String() + ": " + e.Message() }

func newErr(k Kind, code errcode.Code, params errcode.Params) *Error {
	return &Error{Kind: k, Code: code, Params: params}
}

// Invalid reports bad input on one field.
func Invalid(field string, code errcode.Code, params errcode.Params) *Error {
	return &Error{Kind: KindInvalid, Code: code, Params: params, Field: field}
}

// ErrNotFound is what an actor gets for anything missing or not theirs.
var ErrNotFound = newErr(KindNotFound, errcode.NotFound, nil)

// found passes on what the store read, its not-found becoming ErrNotFound.
func found[T any](v T, err error) (T, error) {
	if errors.Is(err, store.ErrNotFound) {
		return v, ErrNotFound
	}
	return v, err
}

// ErrUnauthenticated asks the user to sign in.
var ErrUnauthenticated = newErr(KindUnauthenticated, errcode.Unauthenticated, nil)

// ErrForbidden: signed in, but this role may not do this.
var ErrForbidden = newErr(KindForbidden, errcode.Forbidden, nil)

// DatabaseUnreachable reports whether err comes from losing the database (see
// store.ConnectionLost): the request may be retried, and is answered as unavailable.
func DatabaseUnreachable(err error) bool { return store.ConnectionLost(err) }

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var pe *Error
	ok := errors.As(err, &pe)
	return pe, ok
}
