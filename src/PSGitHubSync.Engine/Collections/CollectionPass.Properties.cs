using System.Text.Json;

namespace PSGitHubSync.Engine.Collections;

// What each property name means for the value that follows, by the container it is in.
internal sealed partial class CollectionPass
{
    private void Decide(ref PassFrame root, bool envelope)
    {
        Enveloped = _decisions.Enveloped ?? envelope;
        root.Context = Enveloped ? PassContext.Envelope : PassContext.Collection;
        root.Writes = !Enveloped;
        if (root.Writes)
        {
            _writer.StartObject();
        }
    }

    private void TopProperty(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("info"u8))
        {
            TopHasInfo = true;
        }
        else if (reader.ValueTextEquals("collection"u8))
        {
            TopHasCollection = true;
        }
    }

    private void CollectionProperty(ref Utf8JsonReader reader, bool atRoot)
    {
        if (atRoot)
        {
            TopProperty(ref reader);
        }

        if (reader.ValueTextEquals("info"u8))
        {
            Set(PassContext.Info, "info", ValueRole.CollectionInfo);
        }
        else if (reader.ValueTextEquals("item"u8))
        {
            Set(PassContext.ItemArray, "item", ValueRole.CollectionItem);
        }
        else if (reader.ValueTextEquals("auth"u8))
        {
            Set(PassContext.Auth, "auth", ValueRole.None);
        }
        else if (reader.ValueTextEquals("variable"u8) || reader.ValueTextEquals("variables"u8))
        {
            Set(PassContext.VariableArray, reader.ValueTextEquals("variable"u8) ? "variable" : "variables", ValueRole.None);
        }
        else if (reader.ValueTextEquals("requests"u8) || reader.ValueTextEquals("order"u8) || reader.ValueTextEquals("folders"u8))
        {
            LooksLikeV1 = true;
        }
    }

    private void ItemProperty(ref Utf8JsonReader reader, PassItem item)
    {
        if (reader.ValueTextEquals("item"u8))
        {
            item.HasItem = true;
            if (_tapItem == item)
            {
                _writer.CancelTap();
                _hash.GetHashAndReset();
                _tapItem = null;
            }

            Set(PassContext.ItemArray, "item", ValueRole.ItemItem);
        }
        else if (reader.ValueTextEquals("request"u8))
        {
            item.HasRequest = true;
            Set(PassContext.Request, "request", ValueRole.ItemRequest);
        }
        else if (reader.ValueTextEquals("response"u8))
        {
            Set(PassContext.ResponseArray, "response", ValueRole.None);
        }
        else if (reader.ValueTextEquals("auth"u8))
        {
            Set(PassContext.Auth, "auth", ValueRole.None);
        }
        else if (reader.ValueTextEquals("variable"u8))
        {
            Set(PassContext.VariableArray, "variable", ValueRole.None);
        }
        else if (reader.ValueTextEquals("name"u8))
        {
            _valueRole = ValueRole.ItemName;
        }
        else if (reader.ValueTextEquals("id"u8))
        {
            _valueRole = ValueRole.ItemId;
        }
    }

    private void ScannedProperty(ref Utf8JsonReader reader, ref PassFrame top)
    {
        switch (top.Context)
        {
            case PassContext.Request:
                if (reader.ValueTextEquals("auth"u8))
                {
                    Set(PassContext.Auth, "auth", ValueRole.None);
                }
                else if (reader.ValueTextEquals("header"u8))
                {
                    Set(PassContext.HeaderArray, "header", ValueRole.Header);
                }
                else if (reader.ValueTextEquals("method"u8) && top.Response is null)
                {
                    _valueRole = ValueRole.Method;
                }

                break;
            case PassContext.Auth:
                if (!reader.ValueTextEquals("type"u8))
                {
                    Set(PassContext.AuthObject, PassTokens.GetString(ref reader), ValueRole.AuthBlock);
                }

                break;
            case PassContext.AuthObject:
                _valueName = PassTokens.GetString(ref reader);
                _valueRole = ValueRole.AuthAttribute;
                break;
        }
    }

    private void Set(PassContext context, string? name, ValueRole role)
    {
        _valueContext = context;
        _valueName = name;
        _valueRole = role;
    }
}
