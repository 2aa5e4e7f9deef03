using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BstChat.Storage.EfCore.Diagnostics;

/// <summary>
/// Logs the context's executed commands at Debug instead of EF Core's Information, unless the host
/// has chosen: a level of its own for <see cref="RelationalEventId.CommandExecuted"/>
/// (<c>ConfigureWarnings</c>), or a logging rule for an EF Core category (<c>Logging:LogLevel:Microsoft.EntityFrameworkCore…</c>).
/// </summary>
/// <remarks>
/// The store's feed and long-poll reads run every few seconds per open page, so at EF Core's
/// default a quiet site writes a screen of SQL a minute. EF Core applies this configuration to
/// every <typeparamref name="TContext"/> made from the container's options (AddDbContext,
/// AddDbContextFactory, AddPooledDbContextFactory) before the host's own <c>OnConfiguring</c>, whose
/// choices win.
/// </remarks>
internal sealed class QuietCommandLogging<TContext> : IDbContextOptionsConfiguration<TContext>
    where TContext : DbContext
{
    private const string EfCoreCategories = "Microsoft.EntityFrameworkCore";

    public void Configure(IServiceProvider serviceProvider, DbContextOptionsBuilder optionsBuilder)
    {
        var warnings = optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.WarningsConfiguration;
        if (warnings?.GetLevel(RelationalEventId.CommandExecuted) is not null || HostRulesEfCoreLogging(serviceProvider))
        {
            return;
        }

        optionsBuilder.ConfigureWarnings(w => w.Log((RelationalEventId.CommandExecuted, LogLevel.Debug)));
    }

    /// <summary>Whether the host's logging rules name an EF Core category: then EF Core's levels are what it asked for.</summary>
    private static bool HostRulesEfCoreLogging(IServiceProvider serviceProvider) =>
        serviceProvider.GetService<IOptions<LoggerFilterOptions>>()?.Value.Rules
            .Any(rule => rule.CategoryName?.StartsWith(EfCoreCategories, StringComparison.OrdinalIgnoreCase) == true) == true;
}
