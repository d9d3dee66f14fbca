using System.Collections.Concurrent;
using System.Reflection;

namespace IpExchange.EventStore;

/// <summary>
/// Maps stored event type names to CLR types. Names are the types' short names: they are part of the
/// stored evidence, so renaming a type needs an alias registered here, never a rewrite of rows.
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly ConcurrentDictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _byType = new();

    public EventTypeRegistry Register<T>(string? name = null) => Register(typeof(T), name);

    public EventTypeRegistry Register(Type type, string? name = null)
    {
        name ??= type.Name;
        if (_byName.TryGetValue(name, out var existing) && existing != type)
        {
            throw new InvalidOperationException($"Event type name '{name}' is already used by {existing.FullName}.");
        }

        _byName[name] = type;
        _byType.TryAdd(type, name);
        return this;
    }

    /// <summary>Registers every non-abstract type in the assembly that implements <typeparamref name="TMarker"/>.</summary>
    public EventTypeRegistry RegisterAll<TMarker>(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => !t.IsAbstract && typeof(TMarker).IsAssignableFrom(t)))
        {
            Register(type);
        }

        return this;
    }

    public string NameOf(Type type) =>
        _byType.TryGetValue(type, out var name)
            ? name
            : throw new InvalidOperationException($"Event type {type.FullName} is not registered with the event store.");

    public Type TypeOf(string name) =>
        _byName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"Stored event type '{name}' is not registered with the event store.");
}
