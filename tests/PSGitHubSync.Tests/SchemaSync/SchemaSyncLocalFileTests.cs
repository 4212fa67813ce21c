using System.Text;
using PSGitHubSync.Engine.Errors;
using PSGitHubSync.Engine.IO;
using PSGitHubSync.Engine.SchemaSync;
using Xunit;
using static PSGitHubSync.Tests.SchemaSync.SchemaSyncWorld;

namespace PSGitHubSync.Tests.SchemaSync;

/// <summary>Schema sync and local files: links are never followed, links and submodules in the repository are never written, modes are kept.</summary>
public sealed class SchemaSyncLocalFileTests
{
    private const string Secret = "ghp_Th1sTok3nMustN3v3rL3av3Th1sMach1n3x";

    private static string Folder(string local = "./api", string path = "orders") =>
        "  - name: orders-schema\n    type: schema-sync\n    source: { file: " + local + " }\n    repository: contoso/payments\n    path: " + path + "\n    branch: main\n";

    private static void WriteOrders(SchemaSyncWorld world, string folder = "api")
    {
        world.WriteLocal(folder + "/openapi.yaml", OrdersRoot);
        world.WriteLocal(folder + "/schemas/order.yaml", OrdersOrder);
        world.WriteLocal(folder + "/schemas/status.yaml", OrdersStatus);
    }

    private static void AssertNoSecretInRepository(SchemaSyncWorld world)
    {
        foreach (var reference in world.Repository.Refs)
        {
            foreach (var file in world.Repository.ReadTree(reference.Value))
            {
                Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(file.Value), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_schema_folder_with_a_link_to_a_private_file_is_refused_and_nothing_is_pushed()
    {
        await using var world = await StartAsync();
        WriteOrders(world);
        var privateFile = Path.Combine(NewFolder(), "token.txt");
        File.WriteAllText(privateFile, "GITHUB_TOKEN=" + Secret + "\n");
        File.CreateSymbolicLink(world.LocalPath("api/environ.txt"), privateFile);    // as a pull request could add
        var before = world.Repository.BranchSha("main");

        var outcome = await world.RunAsync(world.Integration(Folder()));

        var error = Assert.IsType<SyncException>(outcome.Error);
        Assert.Equal(SyncErrorId.LocalPathIsLink, error.ErrorId);
        Assert.Equal(SyncErrorCategory.SecurityError, error.Category);
        Assert.Equal("orders-schema", error.Target);
        Assert.Contains(world.LocalPath("api/environ.txt"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(SchemaSyncDirection.Failed, outcome.Result.Direction);
        Assert.Equal(before, world.Repository.BranchSha("main"));                  // nothing pushed
        Assert.Null(world.State("orders-schema"));
        AssertNoSecretInRepository(world);
    }

    [Fact]
    public async Task A_linked_folder_inside_the_schema_folder_is_refused_too()
    {
        await using var world = await StartAsync();
        WriteOrders(world);
        var elsewhere = NewFolder();
        File.WriteAllText(Path.Combine(elsewhere, "common.yaml"), "Common: {}\n");
        Directory.CreateSymbolicLink(world.LocalPath("api/shared"), elsewhere);

        var outcome = await world.RunAsync(world.Integration(Folder()));

        Assert.Equal(SyncErrorId.LocalPathIsLink, Assert.IsType<SyncException>(outcome.Error).ErrorId);
        Assert.Contains(world.LocalPath("api/shared"), outcome.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Repository.ReadTree("main").Keys, k => k.StartsWith("orders/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_single_schema_file_that_is_a_link_is_refused_and_nothing_is_pushed()
    {
        await using var world = await StartAsync();
        var privateFile = Path.Combine(NewFolder(), "private.yaml");
        File.WriteAllText(privateFile, OpenApi("1.0") + "# " + Secret + "\n");
        File.CreateSymbolicLink(world.LocalPath("openapi.yaml"), privateFile);

        var outcome = await world.RunAsync(world.FileIntegration());

        Assert.Equal(SyncErrorId.LocalPathIsLink, Assert.IsType<SyncException>(outcome.Error).ErrorId);
        Assert.False(world.Repository.ReadTree("main").ContainsKey("api/openapi.yaml"));
        AssertNoSecretInRepository(world);
    }

    [Fact]
    public async Task A_linked_folder_on_the_way_to_the_schema_is_neither_read_nor_written_through()
    {
        await using var world = await StartAsync();
        await world.CommitRemoteAsync("main", ("orders/openapi.yaml", Utf8(OrdersRoot)), ("orders/schemas/order.yaml", Utf8(OrdersOrder)), ("orders/schemas/status.yaml", Utf8(OrdersStatus)));
        var elsewhere = NewFolder();                                           // say, ~/.ssh
        Directory.CreateSymbolicLink(world.LocalPath("specs"), elsewhere);

        var outcome = await world.RunAsync(world.Integration(Folder(local: "./specs/api")));

        Assert.Equal(SyncErrorId.LocalPathIsLink, Assert.IsType<SyncException>(outcome.Error).ErrorId);
        Assert.Contains(world.LocalPath("specs"), outcome.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));                 // nothing planted through the link
    }

    [Fact]
    public async Task A_pull_over_a_0600_file_keeps_0600()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var world = await StartAsync();
        var integration = world.FileIntegration();
        world.WriteLocal("openapi.yaml", OpenApi("1.0"));
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        File.SetUnixFileMode(world.LocalPath("openapi.yaml"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await world.CommitRemoteAsync("api/openapi.yaml", OpenApi("2.0"));

        await world.SyncAsync(integration, SchemaSyncDirection.Pulled);

        Assert.Equal(OpenApi("2.0"), File.ReadAllText(world.LocalPath("openapi.yaml")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(world.LocalPath("openapi.yaml")));
    }

    [Fact]
    public async Task A_pull_into_a_folder_keeps_the_modes_of_replaced_files_and_folders_and_new_files_get_the_default()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var world = await StartAsync();
        var integration = world.Integration(Folder());
        WriteOrders(world);
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;
        File.SetUnixFileMode(world.LocalPath("api/schemas/order.yaml"), Private);
        File.SetUnixFileMode(world.LocalPath("api/schemas"), PrivateFolder);
        File.SetUnixFileMode(world.LocalPath("api"), PrivateFolder);
        var order = OrdersOrder + "    total:\n      type: number\n";
        await world.CommitRemoteAsync("main", ("orders/schemas/order.yaml", Utf8(order)), ("orders/schemas/money.yaml", Utf8("Money:\n  type: number\n")));

        await world.SyncAsync(integration, SchemaSyncDirection.Pulled);

        Assert.Equal(order, File.ReadAllText(world.LocalPath("api/schemas/order.yaml")));
        Assert.Equal(Private, File.GetUnixFileMode(world.LocalPath("api/schemas/order.yaml")));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(world.LocalPath("api/schemas")));
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(world.LocalPath("api")));
        world.WriteLocal("reference.txt", "made the ordinary way");
        Assert.Equal(File.GetUnixFileMode(world.LocalPath("reference.txt")), File.GetUnixFileMode(world.LocalPath("api/schemas/money.yaml")));
    }

    [Fact]
    public async Task Links_and_submodules_in_the_repository_are_never_written_locally_they_are_skipped_with_a_warning_and_left_in_place()
    {
        await using var world = await StartAsync();
        var integration = world.Integration(Folder());
        await world.CommitRemoteAsync("main", ("orders/openapi.yaml", Utf8(OrdersRoot)), ("orders/schemas/order.yaml", Utf8(OrdersOrder)), ("orders/schemas/status.yaml", Utf8(OrdersStatus)));
        world.Server.CommitSymbolicLink("contoso", "payments", "main", "orders/schemas/environ.yaml", "/proc/self/environ");
        world.Server.CommitSymbolicLink("contoso", "payments", "main", "orders/up", "../..");
        var head = world.Server.CommitSubmodule("contoso", "payments", "main", "orders/vendor", new string('a', 40));
        var verbose = new List<string>();

        var pulled = await world.SyncAsync(integration, SchemaSyncDirection.Pulled, session: world.Session(verbose: verbose));

        Assert.Equal(new[] { "openapi.yaml", "schemas/order.yaml", "schemas/status.yaml" }, world.ReadLocalFolder("api").Keys);
        Assert.Equal(new[] { "openapi.yaml", "schemas" }, Directory.GetFileSystemEntries(world.LocalPath("api")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(world.LocalPath("api"), "*", SearchOption.AllDirectories), LocalFileGate.IsLink);
        Assert.Equal(new[] { "openapi.yaml", "schemas/order.yaml", "schemas/status.yaml" }, pulled.Files);
        var warnings = verbose.Where(v => v.StartsWith("WARNING:", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, w => w.Contains("orders/schemas/environ.yaml", StringComparison.Ordinal) && w.Contains("symbolic link", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("orders/up", StringComparison.Ordinal) && w.Contains("symbolic link", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("orders/vendor", StringComparison.Ordinal) && w.Contains("submodule", StringComparison.Ordinal));

        // A later push changes the schema's files and leaves the link and the submodule as they are.
        world.WriteLocal("api/schemas/status.yaml", OrdersStatus.Replace("shipped", "delivered", StringComparison.Ordinal));
        await world.SyncAsync(integration, SchemaSyncDirection.Pushed);
        Assert.NotEqual(head, world.Repository.BranchSha("main"));
        var commit = world.Repository.BranchSha("main")!;
        var tree = (await world.GetJsonAsync("repos/contoso/payments/git/trees/" + commit + "?recursive=1"))!.Value.GetProperty("tree").EnumerateArray()
            .ToDictionary(e => e.GetProperty("path").GetString()!, e => e.GetProperty("mode").GetString());
        Assert.Equal("120000", tree["orders/schemas/environ.yaml"]);
        Assert.Equal("120000", tree["orders/up"]);
        Assert.Equal("160000", tree["orders/vendor"]);
        Assert.Equal("/proc/self/environ", Encoding.UTF8.GetString(world.Repository.ReadFile(commit, "orders/schemas/environ.yaml")!));
    }
}
