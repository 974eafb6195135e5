package backup

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// How each column type is written in a dump, and read back.

type valueKind int

const (
	kindInt valueKind = iota + 1
	kindFloat
	kindDecimal
	kindDate
	kindDateTime
	kindText
	kindBinary
)

// kindOf says how a column type is encoded; types the portal does not use are refused rather
// than guessed.
func kindOf(dataType string) (valueKind, error) {
	switch strings.ToLower(dataType) {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "year":
		return kindInt, nil
	case "float", "double", "real":
		return kindFloat, nil
	case "decimal", "numeric":
		return kindDecimal, nil
	case "date":
		return kindDate, nil
	case "datetime", "timestamp":
		return kindDateTime, nil
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json", "time":
		return kindText, nil
	case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "bit":
		return kindBinary, nil
	}
	return 0, fmt.Errorf("column type %q is not supported by the dump", dataType)
}

// appendValue encodes one value read by the driver (parseTime on, UTC) as JSON.
func appendValue(b []byte, k valueKind, v any) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	switch k {
	case kindInt:
		switch x := v.(type) {
		case int64:
			return strconv.AppendInt(b, x, 10), nil
		case uint64:
			return strconv.AppendUint(b, x, 10), nil
		case []byte:
			if _, err := strconv.ParseInt(string(x), 10, 64); err != nil {
				if _, err := strconv.ParseUint(string(x), 10, 64); err != nil {
					return b, fmt.Errorf("integer %q: %w", x, err)
				}
			}
			return append(b, x...), nil
		}
	case kindFloat:
		switch x := v.(type) {
		case float64:
			return strconv.AppendFloat(b, x, 'g', -1, 64), nil
		case float32:
			return strconv.AppendFloat(b, float64(x), 'g', -1, 32), nil
		case []byte:
			return appendString(b, x)
		}
	case kindDate:
		switch x := v.(type) {
		case time.Time:
			return appendString(b, []byte(x.Format(time.DateOnly)))
		case []byte:
			return appendString(b, x)
		}
	case kindDateTime:
		switch x := v.(type) {
		case time.Time:
			return appendString(b, []byte(x.UTC().Format(time.RFC3339Nano)))
		case []byte:
			return appendString(b, x)
		}
	case kindDecimal, kindText:
		switch x := v.(type) {
		case []byte:
			return appendString(b, x)
		case string:
			return appendString(b, []byte(x))
		}
	case kindBinary:
		if x, ok := v.([]byte); ok {
			b = append(b, '"')
			b = base64.StdEncoding.AppendEncode(b, x)
			return append(b, '"'), nil
		}
	}
	return b, fmt.Errorf("unexpected %T from the driver", v)
}

// appendString writes s as a JSON string; text that is not UTF-8 would not survive the trip.
func appendString(b, s []byte) ([]byte, error) {
	if !utf8.Valid(s) {
		return b, errors.New("text that is not valid UTF-8")
	}
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\r':
			b = append(b, '\\', 'r')
		case c == '\t':
			b = append(b, '\\', 't')
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"'), nil
}

// decodeValue turns a JSON value of a dump back into a query argument, and says roughly how many
// bytes it weighs.
func decodeValue(k valueKind, v any) (any, int, error) {
	if v == nil {
		return nil, 4, nil
	}
	switch x := v.(type) {
	case json.Number:
		switch k {
		case kindInt:
			if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
				return i, 8, nil
			}
			u, err := strconv.ParseUint(string(x), 10, 64)
			return u, 8, err
		case kindFloat:
			f, err := strconv.ParseFloat(string(x), 64)
			return f, 8, err
		}
	case string:
		switch k {
		case kindFloat, kindDecimal, kindDate, kindText:
			return x, len(x), nil
		case kindDateTime:
			t, err := time.Parse(time.RFC3339Nano, x)
			return t.UTC(), 8, err
		case kindBinary:
			d, err := base64.StdEncoding.DecodeString(x)
			return d, len(d), err
		}
	}
	return nil, 0, fmt.Errorf("unexpected %T %.40v", v, v)
}
