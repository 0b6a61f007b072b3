using XRouter.Policy.Data;
using XRouter.Testing;

namespace XRouter.Policy.Tests.Data;

public sealed class RouterBenchCsvTests
{
    private const string Header = ",sample_id,prompt,eval_name,m1,org/m2,m1|model_response,org/m2|model_response,m1|total_cost,org/m2|total_cost,oracle_model_to_route_to";

    [Fact]
    public void A_list_literal_prompt_becomes_its_text_with_python_escapes()
    {
        string csv = Header + "\n" + """0,s.1,"['It\'s \""quoted\""\nline two\\x']",arc,1.0,0.0,"['A']","['B']",0.001,0.002,m1""";

        var entry = Assert.Single(RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.Equal("It's \"quoted\"\nline two\\x", entry.Prompt);
    }

    [Fact]
    public void Scores_responses_and_total_costs_map_to_outcomes()
    {
        string csv = Header + "\n" + """0,s.1,plain prompt,arc,1.0,0.0,"['A']",B,0.001,0.002,m1""";

        var entry = Assert.Single(RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.Equal(("s.1", "arc", "plain prompt"), (entry.Id, entry.Task, entry.Prompt));
        Assert.Equal(new ModelOutcome { Score = 1, Response = "A", CostUsd = 0.001 }, entry.Outcomes["m1"]);
        Assert.Equal(new ModelOutcome { Score = 0, Response = "B", CostUsd = 0.002 }, entry.Outcomes["org/m2"]);
    }

    [Fact]
    public void An_empty_score_cell_is_an_unknown_outcome_not_a_wrong_one()
    {
        string csv = Header + "\n" + """0,s.1,p,arc,,1.0,,B,0.001,0.002,m1""";

        var entry = Assert.Single(RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.Equal(["org/m2"], entry.Outcomes.Keys);
    }

    [Fact]
    public void A_quoted_cell_may_span_lines_and_later_errors_keep_the_file_line()
    {
        string csv = Header + "\n" + "0,s.1,\"first\nsecond\",arc,1.0,1.0,A,B,0.1,0.2,m1\n1,s.2,p,arc,1.0\n";

        var error = Assert.Throws<RoutingDataException>(() => RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.StartsWith("rb.csv:4:", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_sample_id_gets_an_occurrence_suffix()
    {
        string csv = Header + "\n" + "0,s.1,a,arc,1,1,A,B,0.1,0.2,m1\n1,s.1,b,arc,1,1,A,B,0.1,0.2,m1\n";

        var entries = RouterBenchCsv.Read(new StringReader(csv), "rb.csv");

        Assert.Equal(["s.1", "s.1#2"], entries.Select(e => e.Id));
    }

    [Theory]
    [InlineData("1.5", "column 'm1'")]
    [InlineData("yes", "column 'm1'")]
    public void A_score_that_is_not_a_number_in_range_names_line_and_column(string score, string expected)
    {
        string csv = Header + "\n" + $"0,s.1,p,arc,{score},1,A,B,0.1,0.2,m1";

        var error = Assert.Throws<RoutingDataException>(() => RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.StartsWith("rb.csv:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_the_routerbench_columns_is_rejected()
    {
        var error = Assert.Throws<RoutingDataException>(() => RouterBenchCsv.Read(new StringReader("a,b\n1,2\n"), "other.csv"));

        Assert.Contains("'sample_id'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_column_without_its_total_cost_column_is_rejected()
    {
        string csv = "sample_id,prompt,eval_name,m1,m1|model_response\ns.1,p,arc,1.0,A\n";

        var error = Assert.Throws<RoutingDataException>(() => RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.StartsWith("rb.csv:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'m1|total_cost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_column_is_not_taken_for_a_model()
    {
        string csv = Header.Replace(",oracle_model_to_route_to", ",notes,oracle_model_to_route_to", StringComparison.Ordinal)
            + "\n" + "0,s.1,p,arc,1.0,0.0,A,B,0.001,0.002,1,m1";

        var error = Assert.Throws<RoutingDataException>(() => RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.Contains("column 'notes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_suffixed_column_of_no_model_is_rejected()
    {
        string csv = Header + ",m3|total_cost\n" + "0,s.1,p,arc,1.0,0.0,A,B,0.001,0.002,m1,0.1";

        var error = Assert.Throws<RoutingDataException>(() => RouterBenchCsv.Read(new StringReader(csv), "rb.csv"));

        Assert.Contains("'m3|total_cost'", error.Message, StringComparison.Ordinal);
    }

    [SharedAssetsFact]
    public void The_routerbench_test_split_imports_953_queries_of_which_945_are_complete()
    {
        var files = Directory.GetFiles(SharedAssets.PathOf("data", "routerbench-subset"), "*_test.csv").Order(StringComparer.Ordinal);

        var entries = RouterBenchCsv.ReadFiles(files);

        Assert.Equal(953, entries.Count);
        Assert.Equal(945, entries.Count(e => e.Outcomes.Count == 11));
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
    }
}
