using System.Text;

namespace XRouter.Policy.Data;

/// <summary>
/// Reads RFC 4180 CSV records: comma-separated, fields optionally quoted, <c>""</c> inside quotes is one quote,
/// and quoted fields may span lines. Each record carries the line it starts on, for error messages.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, string sourceName)
{
    private readonly StringBuilder _field = new();
    private int _line = 1;

    /// <summary>The next record and the line it starts on, or null at the end of the input.</summary>
    public (List<string> Fields, int Line)? Read()
    {
        int next = reader.Peek();
        if (next < 0)
        {
            return null;
        }

        int startLine = _line;
        var fields = new List<string>();
        _field.Clear();
        bool quoted = false;
        bool fieldWasQuoted = false;
        while (true)
        {
            int c = reader.Read();
            if (quoted)
            {
                if (c < 0)
                {
                    throw new RoutingDataException($"{sourceName}:{startLine}: a quoted field opened in this record is never closed.");
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append((char)c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when _field.Length == 0 && !fieldWasQuoted:
                    quoted = true;
                    fieldWasQuoted = true;
                    break;
                case '"':
                    throw new RoutingDataException($"{sourceName}:{_line}: a quote appears inside an unquoted field.");
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or -1:
                    if (c == '\n')
                    {
                        _line++;
                    }

                    fields.Add(_field.ToString());
                    return (fields, startLine);
                default:
                    if (fieldWasQuoted)
                    {
                        throw new RoutingDataException($"{sourceName}:{_line}: text follows a closing quote in the same field.");
                    }

                    _field.Append((char)c);
                    break;
            }
        }
    }
}
