using System.Text.Json.Nodes;

namespace IpExchange.Sweep.Tests;

/// <summary>One bad value for one field: what is sent, and why it must be refused.</summary>
public sealed record Case(Field Field, string Name, JsonNode? Value)
{
    public override string ToString() => $"{Field.Path} ← {Name}";
}

/// <summary>
/// The values no field may accept, by what the document says the field is: a value of another
/// JSON type, a number where a name is expected and an undefined name, control and bidi-override
/// characters, text far over any limit, numbers out of every range (negative amounts, overflowing
/// and absurd magnitudes), absurd dates, lists far over any length, and null where the field is required.
/// Each must be answered 400 naming the field, and change nothing.
/// </summary>
public static class Cases
{
    public const int OverLong = 20_000;
    public const int TooManyItems = 1_000;

    public static IEnumerable<Case> For(Field field, JsonNode? sample)
    {
        if (field.Required)
        {
            yield return new(field, "null though required", null);
        }

        switch (field.Kind)
        {
            case FieldKind.Text:
                yield return new(field, "a number instead of text", JsonValue.Create(12345));
                yield return new(field, "an object instead of text", new JsonObject { ["x"] = 1 });
                yield return new(field, "NUL character", JsonValue.Create("a\u0000b"));
                yield return new(field, "escape character", JsonValue.Create("a\u001Bb"));
                yield return new(field, "bidi override U+202E", JsonValue.Create("abc\u202Etxt.exe"));
                yield return new(field, $"{OverLong} characters", JsonValue.Create(new string('x', OverLong)));
                break;
            case FieldKind.Enum:
                yield return new(field, "a number for an enum (123)", JsonValue.Create(123));
                yield return new(field, "a number for an enum (0)", JsonValue.Create(0));
                yield return new(field, "an undefined name", JsonValue.Create("NoSuchValue"));
                if (field.Allowed.Count > 2)
                {
                    // Read as flags, "B, C" would be the number B | C: another value, or none.
                    yield return new(field, "two names joined by a comma", JsonValue.Create($"{field.Allowed[1]}, {field.Allowed[2]}"));
                }

                yield return new(field, "an empty name", JsonValue.Create(""));
                break;
            case FieldKind.WholeNumber:
                yield return new(field, "text instead of a number", JsonValue.Create("12"));
                yield return new(field, "a fraction for a whole number", JsonValue.Create(1.5m));
                yield return new(field, "-1", JsonValue.Create(-1));
                yield return new(field, "above Int32 (2147483648)", JsonNode.Parse("2147483648"));
                yield return new(field, "absurd (1e30)", JsonNode.Parse("1e30"));
                break;
            case FieldKind.Number:
                yield return new(field, "text instead of a number", JsonValue.Create("12.5"));
                yield return new(field, "negative (-0.01)", JsonValue.Create(-0.01m));
                yield return new(field, "absurd (1e15)", JsonNode.Parse("1000000000000000"));
                yield return new(field, "overflowing (1e30)", JsonNode.Parse("1e30"));
                yield return new(field, "overflowing (1e400)", JsonNode.Parse("1e400"));
                break;
            case FieldKind.Boolean:
                yield return new(field, "text instead of true/false", JsonValue.Create("yes"));
                yield return new(field, "a number instead of true/false", JsonValue.Create(1));
                break;
            case FieldKind.Date:
                yield return new(field, "not a date", JsonValue.Create("not-a-date"));
                yield return new(field, "an impossible date", JsonValue.Create("2026-13-45"));
                yield return new(field, "a number instead of a date", JsonValue.Create(20260101));
                yield return new(field, "year 1", JsonValue.Create("0001-01-01"));
                yield return new(field, "year 9999", JsonValue.Create("9999-12-31"));
                break;
            case FieldKind.DateTime:
                yield return new(field, "not a time", JsonValue.Create("not-a-time"));
                yield return new(field, "a number instead of a time", JsonValue.Create(1767225600));
                yield return new(field, "year 1", JsonValue.Create("0001-01-01T00:00:00Z"));
                yield return new(field, "year 9999", JsonValue.Create("9999-12-31T23:59:59Z"));
                break;
            case FieldKind.List:
                yield return new(field, "text instead of a list", JsonValue.Create("x"));
                yield return new(field, "an object instead of a list", new JsonObject { ["x"] = 1 });
                if (sample is JsonArray { Count: > 0 } items)
                {
                    var many = new JsonArray();
                    for (var i = 0; i < TooManyItems; i++)
                    {
                        many.Add(items[0]!.DeepClone());
                    }

                    yield return new(field, $"{TooManyItems} items", many);
                }

                break;
            case FieldKind.Record:
                yield return new(field, "a number instead of an object", JsonValue.Create(5));
                yield return new(field, "a list instead of an object", new JsonArray(1, 2));
                break;
        }
    }
}
